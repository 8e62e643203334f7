using Rotation.Shared.Verification;

namespace Rotation.Container.Tests.Infrastructure;

/// <summary>
/// One call of <see cref="FlowTraffic"/>: when it was sent and answered, the HTTP status (none when the call failed
/// below HTTP), which node answered (the load balancer's X-Rotation-Node), and what the verifier made of the answer.
/// </summary>
public sealed record FlowOutcome(DateTimeOffset SentAt, DateTimeOffset AnsweredAt, int? Status, string? Node, VerificationResult? Verification, string? Error)
{
    /// <summary>A 200 whose signature the verifier accepted.</summary>
    public bool Succeeded => Status == 200 && Verification is { IsValid: true };

    public string? Fingerprint => Verification?.Fingerprint;

    public override string ToString() =>
        $"{SentAt:HH:mm:ss.fff}–{AnsweredAt:HH:mm:ss.fff} {(Status is { } s ? s.ToString() : "no answer")} from {Node ?? "?"}: " +
        (Verification is { } v ? (v.IsValid ? $"signed by {v.Fingerprint?[..16]}" : $"{v.Reason}: {v.Message}") : Error ?? "");
}
