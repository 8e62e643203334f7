namespace Rotation.Tenant.Contracts;

/// <summary>One public key alias: whether it holds a certificate now, and which.</summary>
public sealed record PublicKeyAliasView(string Alias, bool Imported, EntryKind? Kind, string? Fingerprint, string? Subject, DateTime? NotAfter);
