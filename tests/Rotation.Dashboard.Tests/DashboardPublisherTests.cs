using System.Text.Json;
using Rotation.Dashboard.Tests.Infrastructure;
using Rotation.Drill.Dashboard;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Xunit.Abstractions;
using DrillRun = Rotation.Drill.Running.Drill;

namespace Rotation.Dashboard.Tests;

/// <summary>What the page is told: each second of traffic once, when it has closed, as the report slices it, on the drill's one clock.</summary>
public sealed class DashboardPublisherTests(ITestOutputHelper output) : IDisposable
{
    private readonly DashboardEventLog _log = new();
    private readonly string _reportDirectory = Directory.CreateTempSubdirectory("rotation-dashboard-publisher-").FullName;

    [Fact]
    public async Task A_real_drill_publishes_each_closed_second_once_as_report_json_has_it()
    {
        var publisher = new DashboardPublisher(_log, new ReportFiles());
        var console = new StringWriter();
        var (report, exitCode) = await new DrillRun(console, TimeProvider.System, publisher)
            .RunAsync(ShortDrill.Request(ProcedureMode.Overlap, Scenario.Correct, _reportDirectory), CancellationToken.None);
        output.WriteLine(console.ToString());
        Assert.Equal(ExitCodes.Succeeded, exitCode);

        var events = await ReadAsync();
        var live = events.Where(e => e.Type == "traffic").SelectMany(e => e.Data.GetProperty("intervals").EnumerateArray())
            .Select(i => i.Deserialize<TimelineInterval>(DrillReport.Json)!).ToList();
        var timeline = report.Procedures[0].Timeline;
        Assert.True(live.Count >= 3, $"only {live.Count} seconds were published while the drill ran");
        // Once each, in order, and every one exactly the report's slice of that second (the first one clipped to the procedure's start).
        Assert.Equal(live.Select(i => i.Start).Distinct().Order(), live.Select(i => i.Start));
        foreach (var second in live)
        {
            var final = timeline.SingleOrDefault(t => t.Start == second.Start);
            Assert.True(final is not null, $"the second published from +{second.Start} s is not in the report's timeline");
            Assert.Equal((final.End, final.VerifiedOld, final.VerifiedNew, final.Failed, final.Paused), (second.End, second.VerifiedOld, second.VerifiedNew, second.Failed, second.Paused));
        }

        // The page ends on the report's own timeline and the drill's result.
        var finished = events.Single(e => e.Type == "procedure-finished").Data;
        Assert.Equal(timeline.Count, finished.GetProperty("timeline").GetArrayLength());
        Assert.Equal(("passed", "every invariant held"), (finished.GetProperty("verdict").GetString(), finished.GetProperty("verdictDetail").GetString()));
        var end = events[^1];
        Assert.Equal("finished", end.Type);
        Assert.Equal(("passed", 0), (end.Data.GetProperty("state").GetString(), end.Data.GetProperty("exitCode").GetInt32()));
    }

    [Fact]
    public async Task A_second_procedure_is_numbered_apart_and_its_times_stay_on_the_drill_clock()
    {
        var publisher = new DashboardPublisher(_log, new ReportFiles());
        var steps = RenewalProcedure.Steps(ProcedureMode.Single, Scenario.Correct);
        var origin = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        publisher.ProcedureStarted(ProcedureMode.Overlap, Scenario.Correct, RenewalProcedure.Steps(ProcedureMode.Overlap, Scenario.Correct), origin.AddSeconds(2), 2);
        publisher.TrafficSecondsClosed([new TimelineInterval(2, 3, 10, 0, 0, 0, false, null)]);
        publisher.ProcedureStarted(ProcedureMode.Single, Scenario.Correct, steps, origin.AddSeconds(30.5), 30.5);
        publisher.StepStarted(1, steps[0], 31.25);
        publisher.TrafficSecondsClosed([new TimelineInterval(30.5, 31, 5, 0, 0, 0, false, null), new TimelineInterval(31, 32, 6, 0, 0, 0, false, null)]);
        publisher.TrafficSecondsClosed([]);
        publisher.Stopped("test over");

        var events = await ReadAsync();
        var second = events.Where(e => e.Type == "procedure").Select(e => e.Data).Last();
        Assert.Equal((1, "single", 10, 30.5), (second.GetProperty("procedure").GetInt32(), second.GetProperty("mode").GetString(),
            second.GetProperty("steps").GetArrayLength(), second.GetProperty("startedOffset").GetDouble()));
        var step = events.Single(e => e.Type == "step-started").Data;
        Assert.Equal((1, "tenant administrator", 31.25), (step.GetProperty("procedure").GetInt32(), step.GetProperty("role").GetString(), step.GetProperty("at").GetDouble()));
        var traffic = events.Where(e => e.Type == "traffic").Select(e => e.Data).ToList();
        Assert.Equal(2, traffic.Count);
        Assert.Equal(1, traffic[1].GetProperty("procedure").GetInt32());
        Assert.Equal([(30.5, 31.0), (31.0, 32.0)], traffic[1].GetProperty("intervals").EnumerateArray().Select(i => (i.GetProperty("start").GetDouble(), i.GetProperty("end").GetDouble())));
        Assert.Equal("stopped", events[^1].Data.GetProperty("state").GetString());
    }

    public void Dispose() => Directory.Delete(_reportDirectory, recursive: true);

    private async Task<List<(string Type, JsonElement Data)>> ReadAsync()
    {
        var events = new List<(string, JsonElement)>();
        await foreach (var item in _log.ReadAsync(0, CancellationToken.None))
            events.Add((item.EventType, JsonDocument.Parse(item.Data).RootElement.Clone()));
        return events;
    }
}
