using System.Text.Json.Serialization;

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
    string? SoapVersion)
{
    /// <summary>The node that answered, in a cluster's log (docs/DESIGN.md §8); null on a single tenant's data directory.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Node { get; init; }
}
