namespace Rotation.Tenant.Contracts;

/// <summary>Create a key pair. Defaults: RSA 4096, certificate signed with SHA-512, 3 years, subject CN=&lt;alias&gt;.</summary>
public sealed record CreateKeyPairBody(string? Alias, string? KeyAlgorithm = null, int? KeySize = null, string? Subject = null, int? ValidityDays = null, string? SignatureHash = null);
