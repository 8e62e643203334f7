using System.Diagnostics;

namespace Rotation.Drill.Load;

/// <summary>The two ways load is applied: as fast as a fixed number of callers can go, and at a fixed rate.</summary>
public static class LoadPhases
{
    /// <summary>Closed loop: <paramref name="concurrency"/> callers, each sending the next request when the last one returns.</summary>
    public static async Task<PhaseResult> ClosedLoopAsync(string name, Func<CancellationToken, Task<LoadSample>> send, int concurrency, TimeSpan duration, CancellationToken ct)
    {
        await RunClosedAsync(send, concurrency, duration / 4, ct);
        var started = Stopwatch.GetTimestamp();
        var samples = await RunClosedAsync(send, concurrency, duration, ct);
        return PhaseResult.From(name, samples, Stopwatch.GetElapsedTime(started).TotalSeconds, Stopwatch.Frequency);
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
