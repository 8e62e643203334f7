namespace Rotation.Tenant.Contracts;

/// <summary>A keystore entry as the admin API lists it: public facts only, never key material.</summary>
public sealed record EntryView(
    string Alias,
    EntryKind Kind,
    string Fingerprint,
    string Subject,
    string Issuer,
    string SerialNumber,
    string SerialNumberHex,
    string KeyAlgorithm,
    int KeySize,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    double DaysToExpiry,
    bool ExpiryWarning,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The issuers kept with the entry from a CA's signing response, nearest first (subject DNs); empty when self-signed.</summary>
    public IReadOnlyList<string> Chain { get; init; } = [];
}
