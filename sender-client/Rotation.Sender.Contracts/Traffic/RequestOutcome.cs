using Rotation.Shared.Verification;

namespace Rotation.Sender.Contracts;

/// <summary>The outcome of one request, as a value: traffic statistics, the probe and the JSON-lines log all use it.</summary>
public sealed record RequestOutcome
{
    public long Sequence { get; init; }
    public required OutcomeKind Kind { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
    public TimeSpan Latency => CompletedAt - StartedAt;
    /// <summary>Fingerprint of the trusted certificate that verified the response (Verified and SoapFault).</summary>
    public string? Fingerprint { get; init; }
    /// <summary>Why the response was rejected (Rejected only).</summary>
    public RejectReason? Reason { get; init; }
    /// <summary>A human-readable detail: the verifier's message, the fault string, the transport error.</summary>
    public string? Message { get; init; }
    public string? OrderId { get; init; }
    /// <summary>The tenant node that answered (its X-Rotation-Node header), when it names one.</summary>
    public string? Node { get; init; }
}
