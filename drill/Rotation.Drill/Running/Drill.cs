using Rotation.Drill.Admin;
using Rotation.Drill.Dashboard;
using Rotation.Drill.Peers;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;

namespace Rotation.Drill.Running;

/// <summary>What one invocation of the drill asks for.</summary>
public sealed record DrillRequest
{
    public IReadOnlyList<ProcedureMode> Modes { get; init; } = [ProcedureMode.Overlap];
    public Scenario Scenario { get; init; } = Scenario.Correct;
    public DrillSettings Settings { get; init; } = new();
    public DrillPeerRequest Peers { get; init; } = new();
    public string? ReportDirectory { get; init; }
}

/// <summary>
/// The product's main job: plays both administrators through the renewal procedure(s) under live traffic,
/// writes the report and answers whether every invariant held (the exit code).
/// </summary>
public sealed class Drill(TextWriter output, TimeProvider time, IDrillObserver? observer = null)
{
    // Dashboard hook (--dashboard): the runner publishes the procedure; the drill adds the report and the end.
    private readonly IDrillObserver _observer = observer ?? IDrillObserver.None;

    public async Task<(DrillReport Report, int ExitCode)> RunAsync(DrillRequest request, CancellationToken ct)
    {
        var console = new DrillConsole(output, time);
        await using var peers = await PeerResolver.ResolveAsync(request.Peers with { Rate = request.Settings.Rate, Concurrency = request.Settings.Concurrency }, ct);
        output.WriteLine($"tenant admin {peers.TenantAdmin} (flow {peers.TenantEndpoint}), sender admin {peers.SenderAdmin}{(peers.Owned is null ? "" : " — started in-process")}");
        using var tenant = new TenantAdmin(peers.TenantAdmin, peers.TenantToken);
        using var sender = new SenderAdmin(peers.SenderAdmin, peers.SenderToken);
        var runner = new ProcedureRunner(tenant, sender, peers.TenantEndpoint, request.Settings, console, time, _observer);

        var procedures = new List<ProcedureReport>();
        foreach (var mode in request.Modes)
            procedures.Add(await runner.RunAsync(mode, request.Scenario, ct));

        var report = new DrillReport(time.GetUtcNow(), peers.TenantAdmin.ToString(), peers.SenderAdmin.ToString(), request.Settings, procedures);
        Summarise(report);
        if (request.ReportDirectory is { } directory)
        {
            var (json, html) = await report.WriteAsync(directory, ct);
            output.WriteLine($"report: {Path.GetFullPath(json)}");
            output.WriteLine($"        {Path.GetFullPath(html)}");
            _observer.ReportWritten(directory);
        }
        _observer.DrillFinished(report);
        return (report, report.Passed ? 0 : 1);
    }

    private void Summarise(DrillReport report)
    {
        output.WriteLine();
        output.WriteLine("== Summary");
        foreach (var p in report.Procedures)
        {
            output.WriteLine($"{p.Mode} ({p.Scenario}): {p.Requests} requests, verified old {p.VerifiedOld}, new {p.VerifiedNew}, failed {p.Failed}, downtime {p.DowntimeSeconds:0.00} s");
            output.WriteLine($"  last response signed with the old key: {Offset(p.LastSignedWithOldAt, p.StartedAt)}; first with the new key: {Offset(p.FirstSignedWithNewAt, p.StartedAt)}");
            foreach (var invariant in p.Invariants)
                output.WriteLine($"  [{(invariant.Holds ? "held" : "BROKEN")}] {invariant.Name}: {invariant.Detail}");
            if (p.Scenario != ScenarioNames.Name(Scenario.Correct))
                output.WriteLine($"  This was a rehearsed mistake; it {(p.Passed ? "did NOT break anything — unexpected" : "broke the invariants above, as it is meant to")}. {p.Lesson}");
        }
        output.WriteLine(report.Passed ? "RESULT: every invariant held." : "RESULT: an invariant broke.");
    }

    private static string Offset(DateTimeOffset? moment, DateTimeOffset start) =>
        moment is { } m ? $"{(m - start).TotalSeconds:0.0} s after traffic started" : "none";
}
