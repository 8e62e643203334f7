namespace Rotation.Sender.Traffic;

/// <summary>Traffic statistics at one moment: totals, per trusted certificate, and a per-second series.</summary>
public sealed record StatisticsSnapshot(
    DateTimeOffset At,
    DateTimeOffset? StartedAt,
    TrafficTotals Totals,
    IReadOnlyList<FingerprintStatistics> ByFingerprint,
    IReadOnlyList<SecondStatistics> Series,
    IReadOnlyList<ErrorStatistics> Errors);

/// <summary>
/// One kind of failure (a rejection reason, a SOAP fault, a transport cause) with the verifier's or the
/// transport's own words the first time it happened: what an administrator reads to know what to fix.
/// </summary>
public sealed record ErrorStatistics(OutcomeKind Kind, string Code, string Message, long Count, DateTimeOffset FirstAt, DateTimeOffset LastAt);

public sealed record TrafficTotals(
    long Requests,
    long Verified,
    long Rejected,
    long SoapFaults,
    long TransportErrors,
    IReadOnlyDictionary<string, long> RejectedByReason,
    double AverageLatencyMs,
    double MaxLatencyMs,
    IReadOnlyList<NodeRejections> RejectedByNode)
{
    /// <summary>Everything that did not verify: rejections, SOAP faults and transport errors.</summary>
    public long Failed => Rejected + SoapFaults + TransportErrors;
}

/// <summary>
/// Rejections by the tenant node that answered (its response header, docs/DESIGN.md §8) and reason: behind a load
/// balancer, which node still signed with a key the sender does not trust. Node "unknown": the response named none.
/// </summary>
public sealed record NodeRejections(string Node, string Reason, long Count, DateTimeOffset FirstAt, DateTimeOffset LastAt);

/// <summary>What one trusted certificate verified: the drill reads the first and last response per key from here.</summary>
public sealed record FingerprintStatistics(string Fingerprint, long Verified, DateTimeOffset FirstVerifiedAt, DateTimeOffset LastVerifiedAt);

/// <summary>Outcomes completed within one wall-clock second (UTC), and whether traffic was paused during it.</summary>
public sealed record SecondStatistics(
    DateTimeOffset Second,
    long Requests,
    long Verified,
    IReadOnlyDictionary<string, long> VerifiedBy,
    long Rejected,
    long SoapFaults,
    long TransportErrors,
    bool Paused,
    LatencyPercentiles? LatencyMs);

/// <summary>Latency percentiles in milliseconds of the requests completed in one second (request sent to response verified).</summary>
public sealed record LatencyPercentiles(double P50, double P95, double P99);
