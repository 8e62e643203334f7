using Rotation.Drill.Dashboard;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Xunit.Abstractions;
using DrillRun = Rotation.Drill.Running.Drill;

namespace Rotation.Dashboard.Tests.Infrastructure;

/// <summary>A real drill (in-process tenant and sender on loopback, real traffic) kept short: a low rate and short phases, so a browser test takes seconds.</summary>
internal static class ShortDrill
{
    public static DrillSettings Settings { get; } = new() { Rate = 20, Concurrency = 4, Phase = TimeSpan.FromSeconds(1.5) };

    public static DrillRequest Request(ProcedureMode mode, Scenario scenario, string reportDirectory) => new()
    {
        Modes = [mode],
        Scenario = scenario,
        Settings = Settings,
        ReportDirectory = reportDirectory,
    };

    /// <summary>Runs the drill with the dashboard watching; the drill's console goes to the test log.</summary>
    public static async Task<(DrillReport Report, int ExitCode)> RunAsync(DashboardSession dashboard, DrillRequest request, ITestOutputHelper log, CancellationToken ct)
    {
        var output = new StringWriter();
        try
        {
            return await new DrillRun(output, TimeProvider.System, dashboard.Observer).RunAsync(request, ct);
        }
        finally
        {
            log.WriteLine(output.ToString());
        }
    }
}
