using Rotation.Drill.Dashboard;

namespace Rotation.Dashboard.Tests;

/// <summary>The event log the page reads: replay for late and returning pages, and a bounded buffer per page.</summary>
public sealed class DashboardEventLogTests
{
    [Fact]
    public async Task A_page_that_falls_behind_is_cut_off_at_its_buffer_and_resumes_from_the_log()
    {
        var log = new DashboardEventLog(clientBuffer: 4);
        log.Append("traffic", "{\"n\":1}");
        await using var reader = log.ReadAsync(0, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal("1", reader.Current.EventId);
        Assert.Equal(1, log.Readers);

        // The page reads nothing while ten more events come: it holds four, then it is let go.
        for (var n = 2; n <= 11; n++) log.Append("traffic", $"{{\"n\":{n}}}");
        Assert.Equal(0, log.Readers);
        var held = new List<string?>();
        while (await reader.MoveNextAsync()) held.Add(reader.Current.EventId);
        Assert.Equal(["2", "3", "4", "5"], held);

        // Its EventSource comes back with Last-Event-ID 5 and gets the rest, nothing twice.
        log.Complete();
        var resumed = await ReadAllAsync(log, lastEventId: 5);
        Assert.Equal(Enumerable.Range(6, 6).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), resumed.Select(i => i.EventId));
        Assert.Equal("{\"n\":6}", resumed[0].Data);
    }

    [Fact]
    public async Task A_page_that_comes_late_gets_every_event_in_order_and_then_the_live_ones()
    {
        var log = new DashboardEventLog();
        log.Append("procedure", "{}");
        log.Append("step-started", "{}");
        var reading = ReadAllAsync(log, lastEventId: 0);
        log.Append("step-ended", "{}");
        log.Complete();
        log.Append("ignored", "{}");

        var events = await reading;
        Assert.Equal(["procedure", "step-started", "step-ended"], events.Select(e => e.EventType));
        Assert.Equal(["1", "2", "3"], events.Select(e => e.EventId));
        Assert.Equal(0, log.Readers);
    }

    private static async Task<List<System.Net.ServerSentEvents.SseItem<string>>> ReadAllAsync(DashboardEventLog log, long lastEventId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var items = new List<System.Net.ServerSentEvents.SseItem<string>>();
        await foreach (var item in log.ReadAsync(lastEventId, timeout.Token)) items.Add(item);
        return items;
    }
}
