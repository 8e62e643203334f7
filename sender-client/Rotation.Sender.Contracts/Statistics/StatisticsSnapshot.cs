namespace Rotation.Sender.Contracts;

/// <summary>Traffic statistics at one moment: totals, per trusted certificate, and a per-second series.</summary>
public sealed record StatisticsSnapshot(
    DateTimeOffset At,
    DateTimeOffset? StartedAt,
    TrafficTotals Totals,
    IReadOnlyList<FingerprintStatistics> ByFingerprint,
    IReadOnlyList<SecondStatistics> Series,
    IReadOnlyList<ErrorStatistics> Errors);
