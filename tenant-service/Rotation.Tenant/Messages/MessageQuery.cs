namespace Rotation.Tenant.Messages;

/// <summary>Filters of the message log query; every filter is optional.</summary>
public sealed record MessageQuery
{
    public MessageStatus? Status { get; init; }
    public string? Alias { get; init; }
    public string? Fingerprint { get; init; }

    /// <summary>The public key alias whose certificate verified the request.</summary>
    public string? VerifiedAlias { get; init; }

    /// <summary>The fingerprint of the certificate that verified the request.</summary>
    public string? VerifiedFingerprint { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Limit { get; init; } = 100;
}

/// <summary>Messages answered per fingerprint (of the signing key, or of the certificate that verified the request) and status.</summary>
public sealed record MessageCount(string? Fingerprint, MessageStatus Status, long Count, DateTimeOffset FirstAnsweredAt, DateTimeOffset LastAnsweredAt);

/// <summary>Which fingerprint the counts group by.</summary>
public enum CountedBy
{
    /// <summary>The key that signed the response.</summary>
    Signing,
    /// <summary>The certificate that verified the request.</summary>
    Verifying,
}
