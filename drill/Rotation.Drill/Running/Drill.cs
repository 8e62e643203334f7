using System.Reflection;
using Rotation.Drill.Admin;
using Rotation.Drill.Dashboard;
using Rotation.Drill.Services;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;

namespace Rotation.Drill.Running;

/// <summary>What one invocation of the drill asks for.</summary>
public sealed record DrillRequest
{
    public IReadOnlyList<ProcedureMode> Modes { get; init; } = [ProcedureMode.Overlap];
    /// <summary>The renewal cases, in order (--case); <see cref="Modes"/> are the sign-response case's, verify-request has one procedure.</summary>
    public IReadOnlyList<RenewalCase> Cases { get; init; } = [RenewalCase.SignResponse];
    public Scenario Scenario { get; init; } = Scenario.Correct;
    public DrillSettings Settings { get; init; } = new();
    public DrillServiceRequest Services { get; init; } = new();
    public string? ReportDirectory { get; init; }
    /// <summary>
    /// The sender profile to rehearse against (docs/DESIGN.md §13): an in-process sender starts with it, a running one is
    /// set to it over its admin API and set back when the drill ends. Null: the sender's own.
    /// </summary>
    public Sender.Profiles.SenderProfile? SenderProfile { get; init; }
}

/// <summary>
/// The product's main job: plays both administrators through the renewal procedure(s) under live traffic,
/// restores what it changed on both services, writes the report and answers with the exit code (<see cref="ExitCodes"/>).
/// Cancelling the token (Ctrl+C) stops traffic, restores, and still writes a partial report marked as interrupted.
/// </summary>
public sealed class Drill(TextWriter output, TimeProvider time, IDrillObserver? observer = null)
{
    // Dashboard hook (--dashboard): the runner and its traffic watch publish the procedure; the drill adds the report and the end.
    private readonly IDrillObserver _observer = observer ?? IDrillObserver.None;

    public async Task<(DrillReport Report, int ExitCode)> RunAsync(DrillRequest request, CancellationToken ct)
    {
        var clock = new DrillClock(time);
        var console = new DrillConsole(output, clock);
        console.Line($"drill started {clock.Origin.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff} UTC; every time below is an offset from then");
        await using var services = await ServiceResolver.ResolveAsync(request.Services with
        {
            Rate = request.Settings.Rate,
            Concurrency = request.Settings.Concurrency,
            SenderProfile = request.SenderProfile ?? Sender.Profiles.SenderProfile.Strict,
        }, ct);
        using var tenant = services.OpenTenant(request.Settings, time);
        using var sender = new SenderAdmin(services.SenderAdmin, services.SenderToken);
        console.Line($"tenant {tenant.Description}, sender admin {services.SenderAdmin}{(services.Owned is null ? "" : " — started in-process")}");
        foreach (var check in tenant.Checks.Where(c => !c.Possible)) console.Line($"not possible through /api/v1: {check.Check} — {check.How}");
        if (services.TenantNodes.Count > 1)
            console.Line($"tenant: {services.TenantNodes.Count} nodes on one shared store behind a round-robin front ({string.Join(", ", services.TenantNodes)})" +
                (request.Services.LaggingNodeDelay > TimeSpan.Zero ? $"; the last node deploys every change {request.Services.LaggingNodeDelay.TotalSeconds:0.###} s late" : ""));
        var asFound = await AsFound.CaptureAsync(tenant, sender, ct, inbound: request.Cases.Contains(RenewalCase.VerifyRequest));
        if (request.SenderProfile is { } profile && asFound.Profile.Profile != profile.ToString())
        {
            await sender.SetProfileAsync(profile.ToString(), ct);
            console.Line($"sender profile set to {profile} for the drill (it was {asFound.Profile.Profile}; set back when the drill ends)");
        }
        var runner = new ProcedureRunner(tenant, sender, request.Settings, console, _observer);

        var procedures = new List<ProcedureReport>();
        var interrupted = false;
        IReadOnlyList<string> restored;
        try
        {
            foreach (var (renewalCase, mode) in Runs(request))
            {
                var procedure = await runner.RunAsync(renewalCase, mode, request.Scenario, ct);
                if (procedure is not null) procedures.Add(procedure);
                if (procedure is null or { Interrupted: true })
                {
                    interrupted = true;
                    break;
                }
            }
        }
        finally
        {
            restored = await RestoreAsync(asFound, tenant, sender, runner, console);
        }

        var report = new DrillReport(clock.Origin, clock.Now, services.TenantAdmin.ToString(), services.SenderAdmin.ToString(), request.Settings, Versions(request.Services), procedures)
        {
            Interrupted = interrupted,
            Restored = restored,
            TenantApi = tenant.Api,
            TenantChecks = tenant.Checks,
        };
        DrillSummary.Write(console, report);
        if (request.ReportDirectory is { } directory)
        {
            try
            {
                var (json, html) = await report.WriteAsync(directory, CancellationToken.None);
                console.Plain($"report: {Path.GetFullPath(json)}");
                console.Plain($"        {Path.GetFullPath(html)}");
                _observer.ReportWritten(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Plain($"could not write the report into {directory}: {e.Message} — give --report a directory you can write to");
                return (report, ExitCodes.Usage);
            }
        }
        _observer.DrillFinished(report);
        return (report, report.ExitCode);
    }

    /// <summary>Every procedure asked for, in order: the sign-response case in each mode, then verify-request (one procedure, no downtime).</summary>
    private static IEnumerable<(RenewalCase Case, ProcedureMode Mode)> Runs(DrillRequest request) =>
        request.Cases.SelectMany(c => c == RenewalCase.SignResponse ? request.Modes.Select(m => (c, m)) : [(c, ProcedureMode.Overlap)]);

    /// <summary>Runs whatever happened, with a token of its own: Ctrl+C must not stop the way back.</summary>
    private static async Task<IReadOnlyList<string>> RestoreAsync(AsFound asFound, Tenants.ITenantAdministration tenant, SenderAdmin sender, ProcedureRunner runner, DrillConsole console)
    {
        using var restoring = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var done = await asFound.RestoreAsync(tenant, sender, runner.CreatedAliases, restoring.Token, runner.CreatedSenderAliases);
            console.Line(done.Count == 0 ? "restored: nothing to change back" : "restored: " + string.Join("; ", done));
            return done;
        }
        catch (Exception e) when (e is AdminCallFailed or HttpRequestException or OperationCanceledException)
        {
            var failed = $"could NOT restore both services as found: {e.Message}";
            console.Line(failed);
            return [failed];
        }
    }

    private static RunVersions Versions(DrillServiceRequest services) => new(
        VersionOf(typeof(Drill).Assembly),
        services.TenantUrl is null ? VersionOf(typeof(Tenant.Hosting.TenantHost).Assembly) : "remote (not reported by its admin API)",
        services.SenderUrl is null ? VersionOf(typeof(Sender.SenderHost).Assembly) : "remote (not reported by its admin API)");

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
