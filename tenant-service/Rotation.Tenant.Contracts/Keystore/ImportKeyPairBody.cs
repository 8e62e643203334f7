namespace Rotation.Tenant.Contracts;

/// <summary>Import a key pair: the base64 of a PKCS#12 file and its password.</summary>
public sealed record ImportKeyPairBody(string? Alias, string? Pkcs12, string? Password);
