using Rotation.Drill.Report;

namespace Rotation.Drill.Soak;

/// <summary>What the soak saw: every rotation, the traffic totals, memory over time, and whether it held.</summary>
public sealed record SoakReport
{
    public required SoakSettings Settings { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required IReadOnlyList<RotationSample> Rotations { get; init; }
    public required Distribution RotationSeconds { get; init; }
    public required long Requests { get; init; }
    public required long Verified { get; init; }
    public required long Rejected { get; init; }
    public required long SoapFaults { get; init; }
    public required long TransportErrors { get; init; }
    public long Failed => Rejected + SoapFaults + TransportErrors;
    public double RequestsPerSecond => Requests / Math.Max(0.001, (FinishedAt - StartedAt).TotalSeconds);
    public required IReadOnlyList<MemorySample> Memory { get; init; }
    public required IReadOnlyList<Invariant> Invariants { get; init; }
    public bool Passed => Invariants.All(i => i.Holds);

    public static IReadOnlyList<Invariant> Check(SoakSettings settings, IReadOnlyList<RotationSample> rotations, long requests, long failed, IReadOnlyDictionary<string, long> rejectedByReason, IReadOnlyList<MemorySample> memory)
    {
        return
        [
            new("every rotation completed with every check held", rotations.Count == settings.Rotations && rotations.All(r => r.Passed),
                $"{rotations.Count(r => r.Passed)} of {settings.Rotations} rotations" + (rotations.FirstOrDefault(r => !r.Passed) is { } bad ? $"; rotation {bad.Number}: {bad.Failure}" : "")),
            new("no rejected or failed request", failed == 0 && requests > 0,
                failed == 0 ? $"{requests} requests, all verified" : $"{failed} of {requests} failed ({string.Join(", ", rejectedByReason.Select(r => $"{r.Value}× {r.Key}"))})"),
            Bounded("tenant-service memory bounded", memory, m => m.TenantBytes, settings),
            Bounded("sender-client memory bounded", memory, m => m.SenderBytes, settings),
        ];
    }

    private static Invariant Bounded(string name, IReadOnlyList<MemorySample> memory, Func<MemorySample, long> bytes, SoakSettings settings)
    {
        if (memory.Count < 8) return new(name, true, $"only {memory.Count} samples: too short a run to judge growth");
        var quarter = memory.Count / 4;
        var early = memory.Take(quarter).Max(bytes);
        var late = memory.Skip(memory.Count - quarter).Max(bytes);
        var limit = (long)(early * settings.MemoryGrowthFactor) + settings.MemorySlackBytes;
        return new(name, late <= limit, $"peak {Mb(early)} in the first quarter, {Mb(late)} in the last (limit {Mb(limit)})");
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:0.0} MiB";
}
