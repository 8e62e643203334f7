namespace Rotation.Tenant.Messages;

/// <summary>Filters of the message log query; every filter is optional.</summary>
public sealed record MessageQuery
{
    public MessageStatus? Status { get; init; }
    public string? Alias { get; init; }
    public string? Fingerprint { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Limit { get; init; } = 100;
}

/// <summary>Messages answered per signing fingerprint and status.</summary>
public sealed record MessageCount(string? Fingerprint, MessageStatus Status, long Count, DateTimeOffset FirstAnsweredAt, DateTimeOffset LastAnsweredAt);
