namespace Rotation.Tenant.Signing;

/// <summary>
/// What the shape pass found: why the request may not go on (null when it may), and where the wsse:Security header
/// that inbound verification processed lies in the request's bytes (null when there is none to take out).
/// </summary>
internal readonly record struct RequestShape(RequestRefusal? Problem, Range? VerifiedSecurityHeader);
