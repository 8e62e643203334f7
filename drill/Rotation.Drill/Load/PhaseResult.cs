namespace Rotation.Drill.Load;

/// <summary>What one measured phase achieved.</summary>
public sealed record PhaseResult(string Name, int Requests, int Failed, double Seconds, double PerSecond, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>Busy share of all the machine's cores during a closed-loop phase (null for open-loop phases).</summary>
    public double? CpuBusy { get; init; }

    public static PhaseResult From(string name, IReadOnlyList<LoadSample> samples, double seconds, long ticksPerSecond)
    {
        // Latency counts from when a request was due, not when it got sent: a stalled sender cannot hide its queue (coordinated omission).
        var latencies = samples.Where(s => s.Ok).Select(s => (s.CompletedTicks - s.DueTicks) * 1000.0 / ticksPerSecond).Order().ToArray();
        double Percentile(double p) => latencies.Length == 0 ? 0 : latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Length) - 1, 0, latencies.Length - 1)];
        var ok = latencies.Length;
        return new PhaseResult(name, samples.Count, samples.Count - ok, Math.Round(seconds, 2), Math.Round(ok / seconds, 1),
            Math.Round(Percentile(0.50), 2), Math.Round(Percentile(0.99), 2), Math.Round(latencies.LastOrDefault(), 2));
    }
}
