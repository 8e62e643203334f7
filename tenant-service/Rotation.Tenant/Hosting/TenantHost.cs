using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Prometheus;
using Rotation.Hosting.Health;
using Rotation.Shared.Contract;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Admin;
using Rotation.Tenant.CpiApi;
using Rotation.Tenant.Inbound;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Messages;
using Rotation.Tenant.Metrics;
using Rotation.Tenant.Orders;
using Rotation.Tenant.Persistence;
using Rotation.Tenant.Persistence.Postgres;
using Rotation.Tenant.Signing;
using Rotation.Tenant.State;
using SoapCore;

namespace Rotation.Tenant.Hosting;

/// <summary>
/// Builds and runs one tenant: Program, the drill and the tests all start it through here.
/// <code>
/// await using var tenant = TenantHost.Build(new TenantOptions { DataDir = dir, Urls = "http://127.0.0.1:0" });
/// await tenant.StartAsync();
/// var endpoint = tenant.EndpointAddress;      // http://127.0.0.1:PORT/cxf/orders
/// </code>
/// </summary>
public sealed class TenantHost : IAsyncDisposable
{
    private readonly DataDirectory _directory;
    private readonly ITenantStateStore _store;

    private TenantHost(WebApplication app, TenantOptions options, Rotation.Hosting.Admin.AdminToken token, DataDirectory directory, ITenantStateStore store)
    {
        App = app;
        Options = options;
        Token = token;
        _directory = directory;
        _store = store;
    }

    public WebApplication App { get; }
    public TenantOptions Options { get; }
    public string DataDir => Options.DataDir;

    /// <summary>The admin bearer token in force.</summary>
    public string AdminToken => Token.Value;

    /// <summary>Where the generated admin token is stored (0600); null when it came from the options.</summary>
    public string? AdminTokenFile => Token.StoredAt;

    internal Rotation.Hosting.Admin.AdminToken Token { get; }

    /// <summary>The tenant state in force (keystore, signer step, flow at one generation) and its one writer.</summary>
    public LiveTenantState State => App.Services.GetRequiredService<LiveTenantState>();
    public TenantKeystore Keystore => App.Services.GetRequiredService<TenantKeystore>();
    public SignerStepService SignerStep => App.Services.GetRequiredService<SignerStepService>();
    public InFlightTracker InFlight => App.Services.GetRequiredService<InFlightTracker>();

    /// <summary>The in-flight view the admin API answers with: this node's, or in a cluster every node's.</summary>
    public IInFlightView InFlightView => App.Services.GetRequiredService<IInFlightView>();
    /// <summary>Messages in the system by the certificate that verified their request (docs/DESIGN.md §10).</summary>
    public InFlightTracker VerifiedInFlight => App.Services.GetRequiredService<VerifiedInFlight>().Messages;
    public MessageLog MessageLog => App.Services.GetRequiredService<MessageLog>();

    /// <summary>The first bound address (after <see cref="StartAsync"/>), e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress
    {
        get
        {
            var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("the tenant is not started");
            return new Uri(first.EndsWith('/') ? first : first + "/");
        }
    }

    /// <summary>The SOAP endpoint of the integration flow.</summary>
    public Uri EndpointAddress => new(BaseAddress, OrderContract.EndpointPath.TrimStart('/'));

    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => App.StopAsync(cancellationToken);

    public Task RunAsync(CancellationToken cancellationToken = default) => App.RunAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try { await App.StopAsync(); } catch (InvalidOperationException) { /* never started */ }
        await App.DisposeAsync();
        if (_store is IAsyncDisposable store) await store.DisposeAsync();
        // Last: the lock covers everything the tenant writes, the message log included.
        _directory.Dispose();
    }

    private static readonly AdminRealm Realm = new("rotation-tenant",
        "--admin-token or ROTATION_ADMIN_TOKEN, or the token generated into the data directory (admin.token)");

    /// <param name="logs">A further log destination beside the configured ones (tests read what the tenant logs).</param>
    public static TenantHost Build(TenantOptions options, TimeProvider? time = null, ILoggerProvider? logs = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem) throw new ArgumentException(problem, nameof(options));
        time ??= TimeProvider.System;

        // The lock first: nothing in the directory is read or cleaned while another tenant may be writing it.
        var dataDirectory = DataDirectory.Open(options.DataDir);
        try
        {
            return Build(options, time, logs, dataDirectory);
        }
        catch
        {
            dataDirectory.Dispose();
            throw;
        }
    }

    private static TenantHost Build(TenantOptions options, TimeProvider time, ILoggerProvider? logs, DataDirectory dataDirectory)
    {
        // The environment (ROTATION_ADMIN_TOKEN, ROTATION_KEYSTORE_PASSWORD) is read by TenantConfiguration, not here:
        // an in-process host does exactly what its options say, whatever the surrounding process has set.
        var token = Rotation.Hosting.Admin.AdminToken.Resolve(options.AdminToken, dataDirectory.AdminToken, options.AdminTokens);

        var store = OpenStore(options, dataDirectory, time);
        var shared = store as PostgresTenantStateStore;
        LiveTenantState state;
        try
        {
            // On a shared store the node is not ready before its listener has checked the store once (it may have moved on
            // between this load and the start).
            state = LiveTenantState.LoadAsync(store, TenantState.Initial(options.SignerStep, options.Flow), time, shared is null ? null : new StoreStatus(time))
                .GetAwaiter().GetResult();
        }
        catch
        {
            if (store is IAsyncDisposable disposable) disposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        var keystore = new TenantKeystore(state, options.Keystore, time);
        EnsureInitialKeyPair(keystore, state, state.Current.SignerStep.Alias, options);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TenantHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            // Always Production: a Development environment would answer failures with stack traces.
            EnvironmentName = Environments.Production,
            Args = [],
        });
        builder.WebHost.UseUrls(options.Urls);
        // Orders and admin uploads are kilobytes: refuse bodies beyond the limit with 413 before they are buffered.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Logging.AddFilter("Microsoft", options.FrameworkLogLevel);
        builder.Logging.AddFilter("System", options.FrameworkLogLevel);
        // SoapCore logs every request at Information (at thousands a second, the bottleneck) and every fault with its
        // stack trace, which any client can trigger at will: the signing middleware logs each fault as one
        // rate-limited line instead.
        builder.Logging.AddFilter("SoapCore", LogLevel.None);
        if (logs is not null) builder.Logging.AddProvider(logs);
        // One line per admin change, stamped in UTC like the drill's console and report.
        builder.Logging.AddFilter("Rotation.Tenant.Admin", LogLevel.Information);
        builder.Logging.AddFilter("Rotation.Hosting.Admin", LogLevel.Information);
        builder.Logging.AddSimpleConsole(o => (o.SingleLine, o.UseUtcTimestamp, o.TimestampFormat) = (true, true, "HH:mm:ss.fff'Z' "));

        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(dataDirectory);
        services.AddAdminApi(token, Realm);
        services.AddSingleton(state);
        services.AddSingleton(keystore);
        services.AddSingleton(new SignerStepService(state));
        services.AddSingleton(new FlowSettingsService(state));
        services.AddSingleton(new CpiClients(options.CpiClients));
        services.AddSingleton(new CpiAccessTokens(time, options.CpiTokenLifetime));
        services.AddSingleton(new CsrfSessions(time));
        services.AddScoped<CpiRequest>();
        services.AddSingleton(new ResponseSigner(time));
        services.AddSingleton(new SigningSwitch(options.SignResponses));
        var inFlight = new InFlightTracker(time);
        services.AddSingleton(inFlight);
        var verified = new InFlightTracker(time);
        VerifiedInFlight verifiedInFlight;
        services.AddSingleton(new InboundVerifier(time));
        if (shared is not null)
        {
            var node = new ClusterNodeOptions(options.NodeName, options.ClusterPollInterval, options.PropagationDelay);
            services.AddHostedService(sp => new StoreChangeListener(shared, state, node, time, sp.GetRequiredService<ILogger<StoreChangeListener>>()));
            // Both in-flight views are the cluster's: "no message signed with the old key" and "no message verified with
            // the old certificate" are answered for every node by any node.
            services.AddHostedService(sp => new InFlightReporter(shared.DataSource, inFlight, InFlightTable.Signing, options.NodeName, time, sp.GetRequiredService<ILogger<InFlightReporter>>()));
            // Not AddHostedService: it adds one service per implementation type, and this is the second InFlightReporter.
            services.AddSingleton<IHostedService>(sp => new InFlightReporter(shared.DataSource, verified, InFlightTable.Verified, options.NodeName, time, sp.GetRequiredService<ILogger<InFlightReporter>>()));
            services.AddSingleton<IInFlightView>(new ClusterInFlightView(shared.DataSource, inFlight, InFlightTable.Signing, options.NodeName, time));
            verifiedInFlight = new VerifiedInFlight(verified, new ClusterInFlightView(shared.DataSource, verified, InFlightTable.Verified, options.NodeName, time));
            services.AddSingleton<MessageLog>(sp => new PostgresMessageLog(shared.DataSource, options.NodeName, options.MessageRetention, time,
                sp.GetRequiredService<ILogger<MessageLog>>(), options.MessageLogCapacity));
        }
        else
        {
            services.AddSingleton<IInFlightView>(inFlight);
            verifiedInFlight = new VerifiedInFlight(verified);
            services.AddSingleton<MessageLog>(sp => new SqliteMessageLog(dataDirectory.MessageLog, options.MessageRetention, time,
                sp.GetRequiredService<ILogger<MessageLog>>(), options.MessageLogCapacity));
        }
        services.AddSingleton(verifiedInFlight);
        if (store is Persistence.Shared.SharedTenantStateStore inProcess)
            services.AddHostedService(_ => new Persistence.Shared.SharedStoreListener(inProcess, state, options.NodeName, options.ClusterPollInterval, options.PropagationDelay, time));
        services.AddHostedService(sp => sp.GetRequiredService<MessageLog>());
        services.AddSingleton(sp => new TenantMetrics(keystore, inFlight, verifiedInFlight, sp.GetRequiredService<MessageLog>(), time));
        services.AddSingleton<IOrderService, OrderService>();
        services.AddSoapCore();
        services.AddProblemDetails();
        services.AddOpenApi(openApi => openApi
            .AddDocumentTransformer(new Rotation.Hosting.OpenApi.BearerSecurityScheme(Realm.TokenSource))
            .AddDocumentTransformer<CpiSecuritySchemes>());
        services.AddCpiOpenApi();
        services.AddSingleton(state.Status);
        services.AddHealthChecks().AddCheck<KeystoreReadyCheck>("keystore", tags: ["ready"]).AddCheck<StoreReadyCheck>("store", tags: ["ready"]);
        services.ConfigureHttpJsonOptions(json => Rotation.Shared.Admin.AdminJson.Configure(json.SerializerOptions));

        var app = builder.Build();
        app.UseNodeHeader(options.NodeName);
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // The signing middleware must sit directly in front of SoapCore: it signs what SoapCore wrote, byte for byte.
        app.UseMiddleware<ResponseSigningMiddleware>();
        ((IApplicationBuilder)app).UseSoapEndpoint<IOrderService>(soap =>
        {
            soap.Path = OrderContract.EndpointPath;
            soap.SoapSerializer = SoapSerializer.XmlSerializer;
            soap.IndentXml = false;
            soap.CaseInsensitivePath = true;
            soap.EncoderOptions =
            [
                new SoapEncoderOptions { MessageVersion = MessageVersion.Soap11, WriteEncoding = new UTF8Encoding(false) },
                new SoapEncoderOptions { MessageVersion = MessageVersion.CreateVersion(EnvelopeVersion.Soap12, AddressingVersion.None), WriteEncoding = new UTF8Encoding(false) },
            ];
        });

        app.MapLiveness();
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthText.WriteAsync });
        app.MapMetrics("/metrics", app.Services.GetRequiredService<TenantMetrics>().Registry);
        app.MapOpenApi();

        var admin = app.MapAdminGroup().AddEndpointFilter<StoreUnavailableFilter>();
        admin.MapKeystoreApi().MapBackupApi().MapHistoryApi().MapSignerApi().MapMessagesApi().MapFlowApi().MapAuditApi().MapClusterApi();
        app.MapCpiApi();

        return new TenantHost(app, options, token, dataDirectory, store);
    }

    /// <summary>
    /// The in-process shared store when given, PostgreSQL when <see cref="TenantOptions.Store"/> is set, else the data directory (its keystore password
    /// generated there on first start). The data directory stays in use either way: admin token and message log.
    /// </summary>
    private static ITenantStateStore OpenStore(TenantOptions options, DataDirectory dataDirectory, TimeProvider time)
    {
        if (options.SharedStore is { } shared) return shared;
        if (options.Store is { } connectionString)
            return PostgresTenantStateStore.OpenAsync(connectionString, options.StoreSecret!, time).GetAwaiter().GetResult();
        (var password, _) = Rotation.Hosting.Storage.SecretFile.Resolve(options.KeystorePassword, dataDirectory.KeystorePassword);
        return new FileTenantStateStore(dataDirectory, password);
    }

    /// <summary>
    /// A fresh tenant signs from its first request: on an empty keystore, create a key pair under the signer step's alias.
    /// Nodes started together on an empty shared store race for this; the losers' commit conflicts, and they take the
    /// winner's key pair instead of failing to start (docs/DESIGN.md §8).
    /// </summary>
    private static void EnsureInitialKeyPair(TenantKeystore keystore, LiveTenantState state, string alias, TenantOptions options)
    {
        if (!keystore.Current.Entries.IsEmpty) return;
        var created = keystore.CreateKeyPairAsync(ChangeContext.System, alias, options.InitialKeyAlgorithm, options.InitialKeySubject ?? $"CN={alias},O=Rotation Tenant",
            options.InitialKeyValidity, hash: null).GetAwaiter().GetResult();
        if (created.Succeeded) return;
        state.RefreshAsync().GetAwaiter().GetResult();
        if (!keystore.Current.Entries.IsEmpty) return;
        throw new InvalidOperationException($"could not create the initial key pair: {created.Error!.Message}");
    }
}
