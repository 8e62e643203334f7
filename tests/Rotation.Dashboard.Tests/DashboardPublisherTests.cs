using System.Text.Json;
using Rotation.Drill.Admin;
using Rotation.Drill.Dashboard;
using Rotation.Drill.Procedures;

namespace Rotation.Dashboard.Tests;

/// <summary>What the page is told while the drill polls the sender: each second of traffic once, and only once it is over.</summary>
public sealed class DashboardPublisherTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private const string Old = "0ld0ld", New = "n3wn3w";

    private readonly DashboardEventLog _log = new();
    private readonly TenantAdmin _tenant = new(new Uri("http://127.0.0.1:9/"), "not called");
    private readonly SenderAdmin _sender = new(new Uri("http://127.0.0.1:9/"), "not called");

    [Fact]
    public async Task Each_second_of_traffic_is_published_once_when_it_has_closed()
    {
        var publisher = new DashboardPublisher(_log, new ReportFiles());
        var context = Context();
        publisher.ProcedureStarted(ProcedureMode.Overlap, Scenario.Correct, RenewalProcedure.Steps(ProcedureMode.Overlap, Scenario.Correct), Start);

        // Polled 2.5 s in: seconds 0 and 1 are over, second 2 is still filling.
        publisher.TrafficObserved(Traffic(2.5, Second(0, old: 10), Second(1, old: 20), Second(2, old: 7)), context);
        // Polled again at 2.9 s: nothing new has closed.
        publisher.TrafficObserved(Traffic(2.9, Second(0, old: 10), Second(1, old: 20), Second(2, old: 12)), context);
        context.NewFingerprint = New;
        // At 4.2 s: seconds 2 and 3 have closed, second 2 with its final count.
        publisher.TrafficObserved(Traffic(4.2, Second(0, old: 10), Second(1, old: 20), Second(2, old: 19), Second(3, old: 4, renewed: 15), Second(4, renewed: 3)), context);
        publisher.Finish(true, "test over");

        var traffic = await TrafficAsync();
        Assert.Equal([[0.0, 1.0], [2.0, 3.0]], traffic.Select(t => t.Select(i => i.GetProperty("offset").GetDouble()).ToArray()));
        Assert.Equal([10L, 20L, 19L, 4L], traffic.SelectMany(t => t).Select(i => i.GetProperty("verifiedOld").GetInt64()));
        Assert.Equal([0L, 0L, 0L, 15L], traffic.SelectMany(t => t).Select(i => i.GetProperty("verifiedNew").GetInt64()));
    }

    [Fact]
    public async Task A_second_procedure_is_numbered_apart_and_its_seconds_start_over()
    {
        var publisher = new DashboardPublisher(_log, new ReportFiles());
        var steps = RenewalProcedure.Steps(ProcedureMode.Single, Scenario.Correct);
        publisher.ProcedureStarted(ProcedureMode.Overlap, Scenario.Correct, RenewalProcedure.Steps(ProcedureMode.Overlap, Scenario.Correct), Start);
        publisher.TrafficObserved(Traffic(5, Second(0, old: 10), Second(3, old: 10)), Context());
        publisher.ProcedureStarted(ProcedureMode.Single, Scenario.Correct, steps, Start.AddSeconds(10));
        publisher.StepStarted(1, steps[0], Start.AddSeconds(11.25));
        publisher.TrafficObserved(Traffic(12.5, Second(10, old: 5), Second(11, old: 6)), Context());
        publisher.Finish(true, "test over");

        var events = await ReadAsync();
        var second = events.Where(e => e.Type == "procedure").Select(e => e.Data).Last();
        Assert.Equal((1, "single", 10), (second.GetProperty("procedure").GetInt32(), second.GetProperty("mode").GetString(), second.GetProperty("steps").GetArrayLength()));
        var step = events.Single(e => e.Type == "step-started").Data;
        Assert.Equal((1, "tenant administrator", 1.25), (step.GetProperty("procedure").GetInt32(), step.GetProperty("role").GetString(), step.GetProperty("at").GetDouble()));
        var traffic = events.Where(e => e.Type == "traffic").Select(e => e.Data).Last();
        Assert.Equal(1, traffic.GetProperty("procedure").GetInt32());
        Assert.Equal([0.0, 1.0], traffic.GetProperty("intervals").EnumerateArray().Select(i => i.GetProperty("offset").GetDouble()));
    }

    public void Dispose()
    {
        _tenant.Dispose();
        _sender.Dispose();
    }

    private DrillContext Context() => new(_tenant, _sender, new Uri("http://127.0.0.1:9/cxf/orders"), new DrillSettings(), TimeProvider.System)
    {
        Alias = "tenant-signing",
        OldFingerprint = Old,
        OldSubject = "CN=old",
        KeyAlgorithm = "RSA",
        KeySize = 2048,
    };

    private static SecondInfo Second(double at, long old = 0, long renewed = 0) => new(Start.AddSeconds(at), old + renewed, old + renewed,
        new Dictionary<string, long> { [Old] = old, [New] = renewed }, 0, 0, 0, false);

    private static TrafficStatisticsInfo Traffic(double at, params SecondInfo[] series) =>
        new(Start.AddSeconds(at), Start, new TotalsInfo(0, 0, 0, 0, 0, new Dictionary<string, long>()), [], series);

    private async Task<List<List<JsonElement>>> TrafficAsync() =>
        (await ReadAsync()).Where(e => e.Type == "traffic").Select(e => e.Data.GetProperty("intervals").EnumerateArray().ToList()).ToList();

    private async Task<List<(string Type, JsonElement Data)>> ReadAsync()
    {
        var events = new List<(string, JsonElement)>();
        await foreach (var item in _log.ReadAsync(0, CancellationToken.None))
            events.Add((item.EventType, JsonDocument.Parse(item.Data).RootElement.Clone()));
        return events;
    }
}
