using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Rotation.Hosting.OpenApi;
using Prometheus;
using Rotation.Sender.Admin;
using Rotation.Sender.Keys;
using Rotation.Sender.Metrics;
using Rotation.Sender.Profiles;
using Rotation.Sender.Traffic;
using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender;

/// <summary>
/// The sender in serve mode, in-process: trust store, keystore, WCF client, traffic and the admin API on Kestrel.
/// Program, the drill and tests all build it here.
/// </summary>
public sealed class SenderHost : IAsyncDisposable
{
    private readonly OutcomeLog? _log;
    private bool _stopped;

    private SenderHost(SenderHostOptions options, WebApplication app, Rotation.Hosting.Admin.AdminToken token, TrustStore trust, SenderKeystore keystore, OrderClient client,
        OrderSender sender, TrafficRunner traffic, TrafficStatistics statistics, OutcomeLog? log)
    {
        Keystore = keystore;
        Options = options;
        App = app;
        Token = token;
        Trust = trust;
        Client = client;
        Sender = sender;
        Traffic = traffic;
        Statistics = statistics;
        _log = log;
    }

    public SenderHostOptions Options { get; }
    public WebApplication App { get; }
    public Rotation.Hosting.Admin.AdminToken Token { get; }
    public string AdminToken => Token.Value;
    public TrustStore Trust { get; }
    /// <summary>The sender's own key pairs; the one under its signing alias signs requests when request signing is on.</summary>
    public SenderKeystore Keystore { get; }
    /// <summary>The trust the verifier sees through the sender profile (docs/DESIGN.md §13).</summary>
    public ProfiledTrust Profiled => App.Services.GetRequiredService<ProfiledTrust>();
    public OrderClient Client { get; }
    public OrderSender Sender { get; }
    public TrafficRunner Traffic { get; }
    public TrafficStatistics Statistics { get; }

    /// <summary>The file in the data directory the generated admin token is kept in (0600).</summary>
    public const string AdminTokenFileName = "admin-token";

    private static readonly AdminRealm Realm = new("rotation-sender",
        "--admin-token or ROTATION_ADMIN_TOKEN of serve, or the token generated into the data directory (admin-token)");

    /// <summary>The admin API's base address, with the real port, once started.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1:0/");

    /// <summary>JSON options of the admin API (camelCase, enums as strings) for clients that read it.</summary>
    public static JsonSerializerOptions JsonOptions => Rotation.Shared.Admin.AdminJson.Options;

    /// <summary>Builds and starts the host; returns when the admin API is listening.</summary>
    public static async Task<SenderHost> StartAsync(SenderHostOptions options, CancellationToken cancellationToken = default)
    {
        var host = await CreateAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Builds the host without starting it (the trust store is opened, the token resolved).</summary>
    public static async Task<SenderHost> CreateAsync(SenderHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        var time = options.Time;
        Directory.CreateDirectory(options.DataDir);
        var trust = await TrustStore.OpenAsync(options.DataDir, options.TrustMode, options.InitialCertificates, time, cancellationToken, options.InitialAuthorities).ConfigureAwait(false);
        var keystore = await SenderKeystore.OpenAsync(options.DataDir, options.KeystoreOptions, time, cancellationToken).ConfigureAwait(false);
        var token = Rotation.Hosting.Admin.AdminToken.Resolve(options.AdminToken, Path.Combine(options.DataDir, AdminTokenFileName), options.AdminTokens);
        var profiled = new ProfiledTrust(trust, options.Profile, options.Policy, time);
        var client = new OrderClient(new OrderClientOptions
        {
            Endpoint = options.TenantUrl,
            SoapVersion = options.SoapVersion,
            Timeout = options.RequestTimeout,
            MaxReceivedMessageSize = options.MaxReceivedMessageSize,
            Policy = options.Policy,
            PinnedServerCertificate = options.TenantTlsCertificate,
        }, profiled, time, profiled, keystore);
        var sender = new OrderSender(client, time);
        var statistics = new TrafficStatistics(time);
        var log = options.OutcomeLogPath is { } path ? new OutcomeLog(path) : null;
        var traffic = new TrafficRunner((sequence, ct) => sender.SendAsync(sequence, ct), statistics, time, log, options.Rate);
        if (options.StartPaused) await traffic.PauseAsync(cancellationToken).ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetFullPath(options.DataDir) });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // One line per admin change, stamped in UTC like the drill's console and report.
        builder.Logging.AddFilter("Rotation.Hosting.Admin", LogLevel.Information);
        builder.Logging.AddSimpleConsole(o => (o.SingleLine, o.UseUtcTimestamp, o.TimestampFormat) = (true, true, "HH:mm:ss.fff'Z' "));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer(
            new BearerSecurityScheme(Realm.TokenSource)));
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(time);
        builder.Services.AddAdminApi(token, Realm);
        builder.Services.AddSingleton(trust);
        builder.Services.AddSingleton(keystore);
        builder.Services.AddSingleton(profiled);
        builder.Services.AddSingleton(new SenderMetrics(trust, time));
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton(sender);
        builder.Services.AddSingleton(statistics);
        builder.Services.AddSingleton(traffic);
        builder.Services.AddSingleton(new Probe(sender));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthApi();
        app.MapOpenApi();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<SenderMetrics>().Registry);
        var admin = app.MapAdminGroup();
        admin.MapTrustApi();
        admin.MapKeystoreApi();
        admin.MapTrafficApi();
        admin.MapStatisticsApi();
        admin.MapProbeApi();
        admin.MapVerifyApi();
        admin.MapAuditApi();
        admin.MapProfileApi();
        admin.MapExpiryApi();

        return new SenderHost(options, app, token, trust, keystore, client, sender, traffic, statistics, log);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await App.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? App.Urls.First();
        Address = new Uri(first.EndsWith('/') ? first : first + "/");
        if (Options.StartTraffic)
            Traffic.Start(new TrafficPlan { Rate = Options.Rate, Concurrency = Options.Concurrency });
    }

    /// <summary>An HttpClient on the admin API with the bearer token set.</summary>
    public HttpClient CreateAdminClient()
    {
        var http = new HttpClient { BaseAddress = Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token.Value);
        return http;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => App.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops traffic (in-flight requests finish), persists the counts, stops Kestrel.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped) return;
        _stopped = true;
        Traffic.Resume();
        await Traffic.StopAsync().ConfigureAwait(false);
        await Trust.FlushAsync(cancellationToken).ConfigureAwait(false);
        await App.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // never started: nothing to stop
        }
        await Traffic.DisposeAsync().ConfigureAwait(false);
        if (_log is not null) await _log.DisposeAsync().ConfigureAwait(false);
        await Client.DisposeAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }

    private static void ConfigureJson(JsonSerializerOptions options) => Rotation.Shared.Admin.AdminJson.Configure(options);
}
