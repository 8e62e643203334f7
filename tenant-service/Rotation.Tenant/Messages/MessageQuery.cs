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
