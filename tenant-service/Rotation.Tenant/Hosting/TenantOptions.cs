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

    public string? Problem() =>
        string.IsNullOrWhiteSpace(DataDir) ? "a data directory is required"
        : string.IsNullOrWhiteSpace(Urls) ? "at least one URL is required"
        : StoreProblem() is { } store ? store
        : string.IsNullOrWhiteSpace(NodeName) ? "the node name must not be empty"
        : ClusterPollInterval <= TimeSpan.Zero ? "the cluster poll interval must be positive"
        : SignerStep.Problem() is { } step ? $"signer step: {step}"
        : Flow.Problem() is { } flow ? $"flow: {flow}"
        : MaxRequestBodyBytes < 64 * 1024 ? "the request body limit must be at least 64 KiB"
        : InitialKeyValidity <= TimeSpan.Zero ? "initial key validity must be positive"
        : MessageRetention < TimeSpan.FromHours(1) ? "message retention must be at least one hour"
        : Keystore.ExpiryWarningDays < 0 ? "expiry warning days must not be negative"
        : null;

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
