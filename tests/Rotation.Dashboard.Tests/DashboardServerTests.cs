using System.Net;
using System.Net.ServerSentEvents;
using System.Text.RegularExpressions;
using Rotation.Drill.Dashboard;

namespace Rotation.Dashboard.Tests;

/// <summary>The dashboard's HTTP side over real loopback HTTP: what it serves, to whom, and that it stops.</summary>
public sealed partial class DashboardServerTests : IAsyncLifetime
{
    private readonly DashboardEventLog _log = new();
    private readonly ReportFiles _report = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _directory = Directory.CreateTempSubdirectory("rotation-dashboard-server-").FullName;
    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync(0, _log, _report, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_page_is_served_on_the_loopback_whole_with_nothing_fetched_from_elsewhere()
    {
        Assert.Equal("127.0.0.1", _server.Address.Host);
        Assert.NotEqual(0, _server.Address.Port);
        using var response = await _http.GetAsync(_server.Address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script>", page, StringComparison.Ordinal);
        Assert.Contains("new EventSource('events')", page, StringComparison.Ordinal);
        Assert.Empty(ExternalReference().Matches(page));
    }

    [Fact]
    public async Task A_request_naming_another_host_is_refused()
    {
        // What a page elsewhere would send after rebinding its own name to 127.0.0.1.
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.Address);
        request.Headers.Host = "rebound.example";
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Only_the_files_of_the_written_report_are_served()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "report.json"), "{\"procedures\":[]}");
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("report/report.json"));

        var reportDirectory = Directory.CreateDirectory(Path.Combine(_directory, "report")).FullName;
        await File.WriteAllTextAsync(Path.Combine(reportDirectory, "report.json"), "{\"procedures\":[]}");
        await File.WriteAllTextAsync(Path.Combine(reportDirectory, "report.html"), "<!DOCTYPE html><title>r</title>");
        Assert.Equal(["report.html", "report.json"], _report.Take(reportDirectory));
        await File.WriteAllTextAsync(Path.Combine(reportDirectory, "later.txt"), "written after the report");

        using var json = await _http.GetAsync(new Uri(_server.Address, "report/report.json"));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"procedures\":[]}", await json.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("report/later.txt"));
        // The parent directory holds a report.json too: no spelling of a path reaches it.
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("report/..%2Freport.json"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("report/%2E%2E%2Freport.json"));
    }

    [Fact]
    public async Task A_page_that_reconnects_resumes_after_the_last_event_it_got_and_the_stream_ends_with_the_run()
    {
        for (var n = 1; n <= 3; n++) _log.Append("traffic", $"{{\"n\":{n}}}");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.Address, "events"));
        request.Headers.Add("Last-Event-ID", "2");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var items = SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator();

        Assert.True(await items.MoveNextAsync());
        Assert.Equal("connected", items.Current.EventType);
        Assert.True(await items.MoveNextAsync());
        Assert.Equal(("traffic", "3", "{\"n\":3}"), (items.Current.EventType, items.Current.EventId, items.Current.Data));

        _log.Append("finished", "{\"passed\":true}");
        _log.Complete();
        Assert.True(await items.MoveNextAsync());
        Assert.Equal(("finished", "4"), (items.Current.EventType, items.Current.EventId));
        Assert.False(await items.MoveNextAsync());
    }

    [Fact]
    public async Task The_server_stops_when_disposed()
    {
        var address = _server.Address;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(""));
        await _server.DisposeAsync();
        _server = await DashboardServer.StartAsync(0, _log, _report, CancellationToken.None);
        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync(address));
    }

    [Fact]
    public async Task A_port_already_taken_is_refused_with_the_port_named()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => DashboardServer.StartAsync(_server.Address.Port, _log, _report, CancellationToken.None));
        Assert.Contains($"--dashboard {_server.Address.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("0 for any free one", error.Message, StringComparison.Ordinal);
    }

    private async Task<HttpStatusCode> StatusAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(_server.Address, path));
        return response.StatusCode;
    }

    /// <summary>A src or href that leaves the page's own origin: a CDN script, a web font, a stylesheet.</summary>
    [GeneratedRegex("""(?:src|href)\s*=\s*["']?(?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
