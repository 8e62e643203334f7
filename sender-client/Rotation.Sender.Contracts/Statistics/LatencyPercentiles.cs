namespace Rotation.Sender.Contracts;

/// <summary>Latency percentiles in milliseconds of the requests completed in one second (request sent to response verified).</summary>
public sealed record LatencyPercentiles(double P50, double P95, double P99);
