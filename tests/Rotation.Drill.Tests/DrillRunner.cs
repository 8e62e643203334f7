using Rotation.Drill.Services;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>Runs a real drill (in-process tenant and sender on loopback, real traffic) and keeps its console output for the test log.</summary>
internal static class DrillRunner
{
    /// <summary>≥ 100 requests/s, a few seconds per phase: what the issue asks of the end-to-end tests.</summary>
    public static DrillSettings FastSettings { get; } = new()
    {
        Rate = 120,
        Concurrency = 8,
        Phase = TimeSpan.FromSeconds(2),
        MaxDowntime = TimeSpan.FromSeconds(10),
    };

    public static Task<(DrillReport Report, int ExitCode, string Console)> RunAsync(ITestOutputHelper log, ProcedureMode mode, Scenario scenario = Scenario.Correct,
        string? reportDirectory = null, DrillServiceRequest? services = null, DrillSettings? settings = null) =>
        RunAsync(log, new DrillRequest { Modes = [mode], Scenario = scenario, Settings = settings ?? FastSettings, ReportDirectory = reportDirectory, Services = services ?? new DrillServiceRequest() });

    /// <summary>The renewal of the sender's key (--case verify-request, docs/DESIGN.md §10).</summary>
    public static Task<(DrillReport Report, int ExitCode, string Console)> RunVerifyRequestAsync(ITestOutputHelper log, Scenario scenario = Scenario.Correct,
        string? reportDirectory = null, DrillServiceRequest? services = null) =>
        RunAsync(log, new DrillRequest { Cases = [RenewalCase.VerifyRequest], Scenario = scenario, Settings = FastSettings, ReportDirectory = reportDirectory, Services = services ?? new DrillServiceRequest() });

    private static async Task<(DrillReport Report, int ExitCode, string Console)> RunAsync(ITestOutputHelper log, DrillRequest request)
    {
        var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            var (report, exitCode) = await new Running.Drill(output, TimeProvider.System).RunAsync(request, timeout.Token);
            return (report, exitCode, output.ToString());
        }
        finally
        {
            log.WriteLine(output.ToString());
        }
    }
}
