using Rotation.Drill.Admin;
using Rotation.Drill.Dashboard;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Running;

/// <summary>
/// Watches the sender while a procedure runs, once a second: one console line per completed second of traffic
/// (never the same second twice), each failure kind with the verifier's own message when it first appears or
/// grows, and — the first time the sender rejects — one response it rejects, kept as a sample for the report.
/// This is where the drill's live traffic events originate: the <see cref="IDrillObserver"/> (--dashboard) is given
/// the same closed seconds, as the report's timeline slices them.
/// </summary>
public sealed class TrafficWatch
{
    private readonly SenderAdmin _sender;
    private readonly DrillContext _context;
    private readonly DrillConsole _console;
    private readonly IDrillObserver _observer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<(OutcomeKind, string), long> _errorsShown = [];
    private readonly DateTimeOffset _startedAt;
    private DateTimeOffset _lastShown;
    private Task _loop = Task.CompletedTask;

    private TrafficWatch(SenderAdmin sender, DrillContext context, DrillConsole console, DateTimeOffset startedAt, IDrillObserver observer)
    {
        _sender = sender;
        _context = context;
        _console = console;
        _observer = observer;
        _startedAt = startedAt;
        _lastShown = _startedAt.AddSeconds(-1);
    }

    /// <param name="startedAt">When the procedure's traffic started: the first second is shown from there.</param>
    public static TrafficWatch Start(SenderAdmin sender, DrillContext context, DrillConsole console, DateTimeOffset startedAt, IDrillObserver observer)
    {
        var watch = new TrafficWatch(sender, context, console, startedAt, observer);
        watch._loop = watch.RunAsync(watch._stop.Token);
        return watch;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1), _console.Clock.Time);
        while (await tick.WaitForNextTickAsync(ct))
        {
            try
            {
                await ShowAsync(ct);
            }
            catch (Exception e) when (e is AdminCallFailed or HttpRequestException)
            {
                // One missed tick is no reason to stop watching; the next second shows the totals again.
            }
        }
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        var statistics = (await _sender.RecentStatisticsAsync(5, ct)).Traffic;
        long By(string? fingerprint) => statistics.ByFingerprint.FirstOrDefault(f => f.Fingerprint == fingerprint)?.Verified ?? 0;
        var closed = statistics.Series.Where(s => s.Second.AddSeconds(1) <= statistics.At && s.Second > _lastShown).OrderBy(s => s.Second).ToList();
        foreach (var second in closed)
        {
            var covered = (second.Second.AddSeconds(1) - (second.Second > _startedAt ? second.Second : _startedAt)).TotalSeconds;
            _console.TrafficSecond(second, covered, By(_context.OldFingerprint), By(_context.NewFingerprint), statistics.Totals.Rejected, statistics.Totals.Failed);
            _lastShown = second.Second;
        }
        _observer.TrafficSecondsClosed(ProcedureReport.BuildTimeline(closed, _context, _startedAt, statistics.At, _console.Clock));
        foreach (var error in statistics.Errors)
        {
            if (_errorsShown.GetValueOrDefault((error.Kind, error.Code)) == error.Count) continue;
            _errorsShown[(error.Kind, error.Code)] = error.Count;
            _console.Failure(error);
        }
        if (statistics.Totals.Rejected > 0 && !_context.Samples.ContainsKey("rejected"))
        {
            var response = await _context.Tenant.CallFlowAsync(null, ct);
            await _context.KeepSampleIfAsync("rejected", "a response the sender rejected while the mistake was in force", response, s => !s.Verified, ct);
        }
    }
}
