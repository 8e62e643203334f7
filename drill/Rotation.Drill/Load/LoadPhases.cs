using System.Diagnostics;

namespace Rotation.Drill.Load;

/// <summary>The two ways load is applied: as fast as a fixed number of callers can go, and at a fixed rate.</summary>
public static class LoadPhases
{
    /// <summary>Closed loop: <paramref name="concurrency"/> callers, each sending the next request when the last one returns.</summary>
    public static async Task<PhaseResult> ClosedLoopAsync(string name, Func<CancellationToken, Task<LoadSample>> send, int concurrency, TimeSpan duration, CancellationToken ct)
    {
        await WarmUpAsync(send, concurrency, duration, ct);
        var cpu = new MachineCpu();
        var started = Stopwatch.GetTimestamp();
        var samples = await RunClosedAsync(send, concurrency, duration, ct);
        return PhaseResult.From(name, samples, Stopwatch.GetElapsedTime(started).TotalSeconds, Stopwatch.Frequency) with { CpuBusy = cpu.BusyFraction() };
    }

    /// <summary>Open loop: a request is due every 1/rate seconds whether or not earlier ones returned.</summary>
    public static async Task<(PhaseResult Result, IReadOnlyList<LoadSample> Samples)> OpenLoopAsync(string name, Func<long, CancellationToken, Task<LoadSample>> send,
        double rate, TimeSpan duration, CancellationToken ct, Func<Task>? midway = null)
    {
        var started = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / rate;
        var count = (int)(rate * duration.TotalSeconds);
        var pending = new List<Task<LoadSample>>(count);
        Task? middle = null;
        for (var i = 0; i < count; i++)
        {
            var due = started + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, ct);
            pending.Add(send(due, ct));
            if (i == count / 2 && midway is not null) middle = midway();
        }
        var samples = await Task.WhenAll(pending);
        if (middle is not null) await middle;
        return (PhaseResult.From(name, samples, Stopwatch.GetElapsedTime(started).TotalSeconds, Stopwatch.Frequency), samples);
    }

    /// <summary>
    /// Load until the rate stops climbing: a fresh process runs its first seconds on unoptimised code, and under
    /// saturation the runtime's background compiler needs a while to replace it, in steps with plateaus between them
    /// (seen here: 15 s before the tenant's CPU per signed response settled, at half its first value). At least two
    /// phases long, then slices of a second (a quarter of the phase when shorter) until two in a row agree within 5 %,
    /// at most four phases long.
    /// </summary>
    private static async Task WarmUpAsync(Func<CancellationToken, Task<LoadSample>> send, int concurrency, TimeSpan duration, CancellationToken ct)
    {
        var slice = TimeSpan.FromSeconds(Math.Min(1, duration.TotalSeconds / 4));
        var warmed = TimeSpan.Zero;
        var previous = 0.0;
        while (warmed < duration * 4)
        {
            var rate = (await RunClosedAsync(send, concurrency, slice, ct)).Count / slice.TotalSeconds;
            warmed += slice;
            if (warmed >= duration * 2 && previous > 0 && Math.Abs(rate - previous) <= 0.05 * previous) return;
            previous = rate;
        }
    }

    private static async Task<List<LoadSample>> RunClosedAsync(Func<CancellationToken, Task<LoadSample>> send, int concurrency, TimeSpan duration, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var mine = new List<LoadSample>();
            while (Stopwatch.GetTimestamp() < until && !ct.IsCancellationRequested) mine.Add(await send(ct));
            return mine;
        });
        return (await Task.WhenAll(workers)).SelectMany(s => s).ToList();
    }
}
