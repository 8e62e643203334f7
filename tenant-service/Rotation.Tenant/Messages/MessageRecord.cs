namespace Rotation.Tenant.Messages;

/// <summary>One exchange through the integration flow, as the message log keeps it.</summary>
public sealed record MessageRecord(
    string Id,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AnsweredAt,
    MessageStatus Status,
    string Alias,
    string? Fingerprint,
    double DurationMs,
    int HttpStatus,
    string? SoapVersion);
