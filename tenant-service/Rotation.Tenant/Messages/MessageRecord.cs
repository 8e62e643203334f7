using System.Text.Json.Serialization;

namespace Rotation.Tenant.Messages;

/// <summary>
/// One exchange through the integration flow, as the message log keeps it: the signing alias and fingerprint of its
/// response and, with inbound verification, the public key alias and fingerprint of the certificate that verified the
/// request, or the verifier's reason code when it refused it (docs/DESIGN.md §10).
/// </summary>
public sealed record MessageRecord(
    string Id,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AnsweredAt,
    MessageStatus Status,
    string Alias,
    string? Fingerprint,
    double DurationMs,
    int HttpStatus,
    string? SoapVersion,
    string? VerifiedAlias = null,
    string? VerifiedFingerprint = null,
    string? RejectReason = null)
{
    /// <summary>The node that answered, in a cluster's log (docs/DESIGN.md §8); null on a single tenant's data directory.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Node { get; init; }
}
