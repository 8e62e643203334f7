namespace Rotation.Drill.Load;

/// <summary>The end-to-end load benchmark's figures, each with its target where the issue sets one.</summary>
public sealed record LoadReport
{
    public required LoadSettings Settings { get; init; }
    /// <summary>Bare private-key operations per second on all cores with a key like the tenant's (<see cref="RawSigningPhase"/>).</summary>
    public required double RawSigningPerSecond { get; init; }
    public required PhaseResult Unsigned { get; init; }
    public required PhaseResult Signed { get; init; }
    public required PhaseResult SenderVerified { get; init; }
    public required PhaseResult SignedAtRate { get; init; }
    /// <summary>Closed loop with inbound verification required: every request verified, every response signed.</summary>
    public required PhaseResult VerifiedAndSigned { get; init; }
    /// <summary>The fixed rate with inbound verification required.</summary>
    public required PhaseResult VerifiedAtRate { get; init; }
    /// <summary>Milliseconds from the exchange's acknowledgement to the first response signed with the new key (≤ 0: before the acknowledgement arrived).</summary>
    public required double ExchangeVisibleAfterMs { get; init; }
    /// <summary>Responses to requests sent after the acknowledgement that were still signed with the old key (must be 0).</summary>
    public required int OldKeyAfterExchange { get; init; }
    public required long TenantPeakBytesUnsigned { get; init; }
    public required long TenantPeakBytesSigned { get; init; }
    public required long GeneratorPeakBytes { get; init; }

    public IReadOnlyList<PhaseResult> Phases => [Unsigned, Signed, SignedAtRate, SenderVerified, VerifiedAndSigned, VerifiedAtRate];

    /// <summary>What verifying every request costs: verify+sign throughput over sign-only throughput.</summary>
    public double VerifiedToSignedRatio => Signed.PerSecond == 0 ? 0 : Math.Round(VerifiedAndSigned.PerSecond / Signed.PerSecond, 3);

    public double SignedToUnsignedRatio => Unsigned.PerSecond == 0 ? 0 : Math.Round(Signed.PerSecond / Unsigned.PerSecond, 3);

    /// <summary>The highest signed/unsigned ratio any signer could reach here: R / (U + R), with R raw signatures/s and U unsigned responses/s.</summary>
    public double SignedCeilingRatio => RawSigningPerSecond + Unsigned.PerSecond == 0 ? 0 : Math.Round(RawSigningPerSecond / (RawSigningPerSecond + Unsigned.PerSecond), 3);

    /// <summary>How much of that ceiling the signer reaches.</summary>
    public double ShareOfCeiling => SignedCeilingRatio == 0 ? 0 : Math.Round(SignedToUnsignedRatio / SignedCeilingRatio, 3);

    public IReadOnlyList<Report.Invariant> Targets =>
    [
        new("signed throughput ≥ 50 % of unsigned", SignedToUnsignedRatio >= 0.5, $"{Signed.PerSecond:0}/s vs {Unsigned.PerSecond:0}/s = {SignedToUnsignedRatio:P1} (ceiling with this key on this machine: {SignedCeilingRatio:P1})"),
        new("≥ 1,000 signed responses/s", Signed.PerSecond >= 1000, $"{Signed.PerSecond:0}/s"),
        new($"p99 < 25 ms at {Settings.LatencyRate:0} requests/s", SignedAtRate.P99Ms < 25 && SignedAtRate.Failed == 0, $"p50 {SignedAtRate.P50Ms:0.0} ms, p99 {SignedAtRate.P99Ms:0.0} ms, {SignedAtRate.Failed} failed"),
        new("exchange visible to the next signed response within 50 ms", ExchangeVisibleAfterMs <= 50 && OldKeyAfterExchange == 0,
            $"first new-key response {ExchangeVisibleAfterMs:0.0} ms after the acknowledgement; {OldKeyAfterExchange} old-key responses to later requests"),
        new("verify+sign throughput ≥ 85 % of sign only", VerifiedToSignedRatio >= 0.85, $"{VerifiedAndSigned.PerSecond:0}/s vs {Signed.PerSecond:0}/s = {VerifiedToSignedRatio:P1}"),
        new($"p99 < 25 ms at {Settings.LatencyRate:0} requests/s, verifying and signing", VerifiedAtRate.P99Ms < 25 && VerifiedAtRate.Failed == 0,
            $"p50 {VerifiedAtRate.P50Ms:0.0} ms, p99 {VerifiedAtRate.P99Ms:0.0} ms, {VerifiedAtRate.Failed} failed"),
        new("no failed request in any phase", Phases.Sum(p => p.Failed) == 0, $"{Phases.Sum(p => p.Failed)} failed"),
    ];

    public bool Passed => Targets.All(t => t.Holds);
}
