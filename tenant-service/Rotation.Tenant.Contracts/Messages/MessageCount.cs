namespace Rotation.Tenant.Contracts;

/// <summary>Messages answered per fingerprint (of the signing key, or of the certificate that verified the request) and status.</summary>
public sealed record MessageCount(string? Fingerprint, MessageStatus Status, long Count, DateTimeOffset FirstAnsweredAt, DateTimeOffset LastAnsweredAt);
