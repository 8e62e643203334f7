using Rotation.Drill.Running;

namespace Rotation.Drill.Dashboard;

/// <summary>
/// `drill --dashboard [PORT]`: the live page for one drill. Started before the drill touches anything, it
/// follows the run through <see cref="Observer"/>, serves the report once written, stays up a short while
/// for the page to open it (<see cref="LingerAsync"/>) and stops with the drill.
/// </summary>
public sealed class DashboardSession : IAsyncDisposable
{
    /// <summary>What `--dashboard` without a port listens on.</summary>
    public const int DefaultPort = 8070;

    /// <summary>How long the page and the report stay served after the drill ended, unless Ctrl+C comes first.</summary>
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromSeconds(60);

    private readonly DashboardServer? _server;
    private readonly DashboardPublisher? _publisher;
    private readonly TextWriter _output;
    private readonly TimeProvider _time;

    private DashboardSession(DashboardServer? server, DashboardPublisher? publisher, TextWriter output, TimeProvider time)
    {
        _server = server;
        _publisher = publisher;
        _output = output;
        _time = time;
    }

    /// <summary>The page's address; null without --dashboard.</summary>
    public Uri? Address => _server?.Address;

    public IDrillObserver Observer => (IDrillObserver?)_publisher ?? IDrillObserver.None;

    /// <summary>Null <paramref name="port"/>: no dashboard, the drill runs as without the option.</summary>
    public static async Task<DashboardSession> StartAsync(int? port, TextWriter output, TimeProvider time, CancellationToken ct)
    {
        if (port is not { } listen) return new DashboardSession(null, null, output, time);
        var log = new DashboardEventLog();
        var files = new ReportFiles();
        var server = await DashboardServer.StartAsync(listen, log, files, ct);
        await output.WriteLineAsync($"dashboard: {server.Address} (follow the drill live in a browser)");
        return new DashboardSession(server, new DashboardPublisher(log, files), output, time);
    }

    /// <summary>The page links the report, so a drill with a dashboard always writes one: into a new temporary directory when --report is not given.</summary>
    public DrillRequest WithReport(DrillRequest request) =>
        _server is null || request.ReportDirectory is not null
            ? request
            : request with { ReportDirectory = Directory.CreateTempSubdirectory("rotation-drill-report-").FullName };

    /// <summary>Keeps the page and the report served for <paramref name="linger"/> after the drill, or until <paramref name="ct"/> (Ctrl+C).</summary>
    public async Task LingerAsync(TimeSpan linger, CancellationToken ct)
    {
        if (_server is null || linger <= TimeSpan.Zero || ct.IsCancellationRequested) return;
        await _output.WriteLineAsync($"dashboard: the report stays at {new Uri(_server.Address, "report/report.html")} for {linger.TotalSeconds:0} s (Ctrl+C to stop now)");
        try
        {
            await Task.Delay(linger, _time, ct);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C during the linger only cuts it short; the drill's result stands.
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A drill that ended without its report (an unreachable service, Ctrl+C) still tells the page it is over.
        _publisher?.Stopped("the drill stopped before its report");
        if (_server is not null) await _server.DisposeAsync();
    }
}
