namespace Rotation.Sender.Contracts;

/// <summary>A key pair replaced by an exchange, kept in the key history.</summary>
public sealed record RetiredView(string Id, string Alias, string Fingerprint, string Subject, DateTimeOffset CreatedAt, DateTimeOffset RetiredAt,
    DateTimeOffset PurgeableFrom, string CertificatePem);
