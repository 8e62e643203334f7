namespace Rotation.Tenant.Contracts;

/// <summary>A retired key pair of the key history.</summary>
public sealed record HistoryView(
    string Id,
    string Alias,
    string Fingerprint,
    string Subject,
    string Issuer,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset CreatedAt,
    DateTimeOffset RetiredAt,
    DateTimeOffset PurgeableFrom);
