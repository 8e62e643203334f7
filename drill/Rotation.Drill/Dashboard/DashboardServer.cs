using System.Globalization;
using System.Net;
using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace Rotation.Drill.Dashboard;

/// <summary>
/// The live page on 127.0.0.1 only: <c>/</c> the page, <c>/events</c> the run as server-sent events,
/// <c>/report/NAME</c> the written report's files. Read-only, so it needs no token; the Host header must
/// name the loopback, so a web page elsewhere cannot read it through DNS rebinding.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> (0: any free port); a port already taken is an <see cref="ArgumentException"/> naming it.</summary>
    public static async Task<DashboardServer> StartAsync(int port, DashboardEventLog log, ReportFiles report, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddHostFiltering(options => options.AllowedHosts = ["127.0.0.1", "localhost"]);
        // The streams end when the run does; a browser that stopped reading must not hold the drill's exit for long.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.UseHostFiltering();

        var page = DashboardPage.Html;
        var types = new FileExtensionContentTypeProvider();
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/events", (HttpRequest request, CancellationToken aborted) =>
            TypedResults.ServerSentEvents(Greeted(log.ReadAsync(LastEventId(request), aborted))));
        // The report's page names no icon, so the browser asks for this one; "none" rather than a 404 in its console.
        app.MapGet("/favicon.ico", () => Results.NoContent());
        app.MapGet("/report/{name}", (string name) =>
            report.PathOf(name) is { } path
                ? Results.File(path, types.TryGetContentType(name, out var type) ? type : "application/octet-stream")
                : Results.NotFound());

        try
        {
            await app.StartAsync(ct);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync();
            throw new ArgumentException($"--dashboard {port}: 127.0.0.1:{port} cannot be listened on ({e.Message}); give another port, or 0 for any free one.", e);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new DashboardServer(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    /// <summary>
    /// The stream opens with an item that carries no data, so the headers go out at once and the page knows it is
    /// connected before the drill publishes anything; a browser dispatches no event for it. It also asks for a quick reconnect.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> Greeted(IAsyncEnumerable<SseItem<string>> events)
    {
        yield return new SseItem<string>("", "connected") { ReconnectionInterval = TimeSpan.FromSeconds(1) };
        await foreach (var item in events) yield return item;
    }

    /// <summary>An EventSource that reconnects sends the id of the last event it got; it resumes after it.</summary>
    private static long LastEventId(HttpRequest request) =>
        long.TryParse(request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
}
