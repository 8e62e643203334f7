namespace Rotation.Tenant.Contracts;

/// <summary>Import a certificate: PEM text or the base64 of DER.</summary>
public sealed record ImportCertificateBody(string? Alias, string? Certificate);
