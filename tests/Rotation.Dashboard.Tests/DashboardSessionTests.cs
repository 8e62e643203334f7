using System.Net.ServerSentEvents;
using Rotation.Drill.Dashboard;
using Rotation.Drill.Running;

namespace Rotation.Dashboard.Tests;

/// <summary>The dashboard's life around one drill: off without the option, always ending the page's stream, and a report to link.</summary>
public sealed class DashboardSessionTests
{
    [Fact]
    public async Task Without_the_option_nothing_listens_and_the_drill_is_left_as_asked()
    {
        await using var session = await DashboardSession.StartAsync(null, TextWriter.Null, TimeProvider.System, CancellationToken.None);
        Assert.Null(session.Address);
        Assert.Same(IDrillObserver.None, session.Observer);
        var request = new DrillRequest();
        Assert.Same(request, session.WithReport(request));
    }

    [Fact]
    public async Task With_the_option_and_no_report_directory_the_report_goes_to_a_new_temporary_one()
    {
        await using var session = await DashboardSession.StartAsync(0, TextWriter.Null, TimeProvider.System, CancellationToken.None);
        var directory = session.WithReport(new DrillRequest()).ReportDirectory;
        Assert.NotNull(directory);
        Assert.True(Directory.Exists(directory));
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        Assert.Equal("given", session.WithReport(new DrillRequest { ReportDirectory = "given" }).ReportDirectory);
        Directory.Delete(directory);
    }

    [Fact]
    public async Task A_drill_that_stops_before_its_report_still_tells_the_page_it_is_over()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var session = await DashboardSession.StartAsync(0, TextWriter.Null, TimeProvider.System, CancellationToken.None);
        using var response = await http.GetAsync(new Uri(session.Address!, "events"), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var items = SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync());
        Assert.Equal("connected", items.Current.EventType);

        // What the CLI's `await using` does when the drill throws (a service unreachable) or is cancelled.
        var disposing = session.DisposeAsync();
        Assert.True(await items.MoveNextAsync());
        Assert.Equal("finished", items.Current.EventType);
        Assert.Contains("\"passed\":false", items.Current.Data, StringComparison.Ordinal);
        Assert.Contains("stopped before its report", items.Current.Data, StringComparison.Ordinal);
        Assert.False(await items.MoveNextAsync());
        await disposing;
    }
}
