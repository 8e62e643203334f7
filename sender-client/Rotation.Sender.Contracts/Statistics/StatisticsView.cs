namespace Rotation.Sender.Contracts;

/// <summary>/admin/statistics: the traffic statistics, the traffic now, and the trust store's counts (which include probes).</summary>
public sealed record StatisticsView(StatisticsSnapshot Traffic, TrafficStatus Status, IReadOnlyDictionary<string, long> TrustVerifiedCounts);
