using Rotation.Shared.Certificates;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Orders;
using Rotation.Tenant.Signing;

namespace Rotation.Tenant.Hosting;

/// <summary>Everything a tenant needs to start. Program maps configuration onto it; tests and the drill build it directly.</summary>
public sealed record TenantOptions
{
    /// <summary>Keystore, metadata, signer step, message log, admin token and keystore password (when generated).</summary>
    public required string DataDir { get; init; }

    /// <summary>Kestrel URLs; use port 0 to let the OS choose (see <see cref="TenantHost.BaseAddress"/>).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>The admin bearer token; null = generated into the data directory on first start (Program maps ROTATION_ADMIN_TOKEN here).</summary>
    public string? AdminToken { get; init; }
    /// <summary>Further admin tokens by name (name → token): each caller's name is what the audit trail records.</summary>
    public IReadOnlyDictionary<string, string> AdminTokens { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Clients of the platform's API under /api/v1 (client id → secret, like a service key's clientid and
    /// clientsecret): HTTP Basic or a bearer token from /oauth/token. Empty: /api/v1 refuses every call.
    /// </summary>
    public IReadOnlyDictionary<string, string> CpiClients { get; init; } = new Dictionary<string, string>();

    /// <summary>How long a bearer token from /oauth/token lives.</summary>
    public TimeSpan CpiTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The keystore password; null = generated into the data directory (0600) on first start (Program maps ROTATION_KEYSTORE_PASSWORD here).</summary>
    public string? KeystorePassword { get; init; }

    /// <summary>
    /// An Npgsql connection string: the tenant state (keystore, key history, signer step, flow, audit) lives in that
    /// PostgreSQL database instead of the data directory (docs/DESIGN.md §8). Null = the data directory.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>The key-encryption secret private keys are stored under in <see cref="Store"/>; never in the database.</summary>
    public string? StoreSecret { get; init; }

    /// <summary>This node's name in <c>GET /admin/cluster</c> (with <see cref="Store"/>); one per node.</summary>
    public string NodeName { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>With <see cref="Store"/>: how often a node checks the store without a notification (the safety net).</summary>
    public TimeSpan ClusterPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// With <see cref="Store"/> or <see cref="SharedStore"/>: how long this node waits on purpose after learning of a change
    /// before deploying it, to rehearse a slow worker node (docs/DESIGN.md §8). Zero: deploy at once.
    /// </summary>
    public TimeSpan PropagationDelay { get; init; } = TimeSpan.Zero;

    /// <summary>The longest propagation delay accepted: a rehearsal, not an outage.</summary>
    public static readonly TimeSpan MaximumPropagationDelay = TimeSpan.FromMinutes(10);

    /// <summary>Message log records the queue holds for the background writer; beyond it records are dropped and counted.</summary>
    public int MessageLogCapacity { get; init; } = Messages.MessageLog.DefaultCapacity;

    /// <summary>
    /// A store this node shares with other nodes of the same process (the drill's embedded cluster, docs/DESIGN.md §8);
    /// it wins over <see cref="Store"/> and the data directory's own state, and the node does not dispose it.
    /// </summary>
    public Persistence.Shared.SharedTenantStateStore? SharedStore { get; init; }

    /// <summary>The signer step used until the admin API changes it (a persisted step wins on restart).</summary>
    public SignerStep SignerStep { get; init; } = new();

    /// <summary>What to create under the signer step's alias when the keystore is empty at start.</summary>
    public KeyAlgorithm InitialKeyAlgorithm { get; init; } = KeyAlgorithm.Rsa4096;
    public string? InitialKeySubject { get; init; }
    public TimeSpan InitialKeyValidity { get; init; } = TimeSpan.FromDays(3 * 365);

    public FlowSettings Flow { get; init; } = new();

    /// <summary>The largest request body Kestrel accepts (SOAP requests and admin uploads); larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// False only for load benchmarks: responses go out unsigned through the same pipeline (buffering, message log,
    /// in-flight view), so signed and unsigned throughput compare the cost of signing alone.
    /// </summary>
    public bool SignResponses { get; init; } = true;

    /// <summary>How long the message log keeps rows (pruned hourly).</summary>
    public TimeSpan MessageRetention { get; init; } = TimeSpan.FromDays(14);
    public KeystoreOptions Keystore { get; init; } = new();

    /// <summary>
    /// Minimum level for ASP.NET Core's own categories. Information logs two lines per request: at thousands of
    /// responses a second that costs more CPU than the flow itself.
    /// </summary>
    public LogLevel FrameworkLogLevel { get; init; } = LogLevel.Warning;

    /// <summary>Every reason these options cannot start a tenant, all at once; empty when they can.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(DataDir)) yield return "a data directory is required";
        if (string.IsNullOrWhiteSpace(Urls)) yield return "at least one URL is required";
        if (StoreProblem() is { } store) yield return store;
        if (string.IsNullOrWhiteSpace(NodeName)) yield return "the node name must not be empty";
        if (ClusterPollInterval <= TimeSpan.Zero) yield return "the cluster poll interval must be positive";
        if (PropagationDelay < TimeSpan.Zero || PropagationDelay > MaximumPropagationDelay) yield return "the propagation delay must be between 0 and 10 minutes";
        if (PropagationDelay > TimeSpan.Zero && Store is null && SharedStore is null) yield return "a propagation delay needs --store: a tenant on its data directory is a single node";
        if (MessageLogCapacity < 1) yield return "the message log capacity must be positive";
        if (SharedStore is not null && Store is not null) yield return "a node shares an in-process store or PostgreSQL (--store), not both";
        if (SignerStep.Problem() is { } step) yield return $"signer step: {step}";
        if (Flow.Problem() is { } flow) yield return $"flow: {flow}";
        if (MaxRequestBodyBytes < 64 * 1024) yield return "the request body limit must be at least 64 KiB";
        if (InitialKeyValidity <= TimeSpan.Zero) yield return "initial key validity must be positive";
        if (MessageRetention < TimeSpan.FromHours(1)) yield return "message retention must be at least one hour";
        if (CpiTokenLifetime <= TimeSpan.Zero || CpiTokenLifetime > TimeSpan.FromDays(1)) yield return "the API token lifetime must be between 1 second and 1 day";
        if (Keystore.ExpiryWarningDays < 0) yield return "expiry warning days must not be negative";
        if (AdminTokens.Values.Distinct().Count() < AdminTokens.Count || (AdminToken is { } primary && AdminTokens.Values.Contains(primary)))
            yield return "every admin token must be different: each caller needs its own";
    }

    /// <summary>Null when the options can start a tenant; else every problem, one per line.</summary>
    public string? Problem() => Problems().ToList() is { Count: > 0 } problems ? string.Join(Environment.NewLine, problems) : null;

    /// <summary>The shortest store secret accepted: it is the only thing between a database dump and the private keys.</summary>
    public const int MinimumStoreSecretLength = 16;

    private string? StoreProblem()
    {
        if (Store is null) return StoreSecret is null ? null : "a store secret is given but no --store";
        if (string.IsNullOrWhiteSpace(StoreSecret))
            return "--store needs the key-encryption secret its private keys are stored under: --store-secret-file FILE or ROTATION_STORE_SECRET";
        if (StoreSecret.Length < MinimumStoreSecretLength) return $"the store secret must be at least {MinimumStoreSecretLength} characters";
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(Store);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"--store is not a valid Npgsql connection string: {e.Message}";
        }
    }
}
