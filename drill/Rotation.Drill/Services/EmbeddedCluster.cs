using Rotation.Shared.Certificates;
using Rotation.Tenant.Hosting;
using Rotation.Tenant.Persistence;
using Rotation.Tenant.Persistence.Shared;
using Rotation.Hosting.Storage;

namespace Rotation.Drill.Services;

/// <summary>
/// The embedded tenant as a cluster (docs/DESIGN.md §8): N tenant nodes in this process over one
/// <see cref="SharedTenantStateStore"/> (one data directory is the commit point; each commit is announced to every
/// node, which deploys it as a PostgreSQL node does on NOTIFY), each with its own data directory for its message log,
/// and with more than one node a <see cref="RoundRobinFront"/> before them. The last node may lag on purpose.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly DataDirectory _shared;
    private readonly List<TenantHost> _nodes = [];
    private RoundRobinFront? _front;

    private EmbeddedCluster(DataDirectory shared, SharedTenantStateStore store)
    {
        _shared = shared;
        Store = store;
    }

    public SharedTenantStateStore Store { get; }

    /// <summary>The nodes, node-1 first.</summary>
    public IReadOnlyList<TenantHost> Nodes => _nodes;

    /// <summary>Where traffic and admin calls go: the round-robin front, or the one node.</summary>
    public Uri BaseAddress => _front?.BaseAddress ?? _nodes[0].BaseAddress;

    public static string NodeName(int number) => $"node-{number}";

    /// <param name="laggingDelay">How long the last node waits after learning of a change before it deploys it (a slow worker node).</param>
    /// <param name="cpiClients">API clients of the platform's /api/v1 (--tenant-api cpi), the same on every node.</param>
    public static async Task<EmbeddedCluster> StartAsync(string root, string token, KeyAlgorithm initialKey, int nodes, TimeSpan laggingDelay,
        IReadOnlyDictionary<string, string> cpiClients, Rotation.Shared.WsSecurity.KeyReference keyReference, CancellationToken ct)
    {
        var shared = DataDirectory.Open(Path.Combine(root, "tenant-store"));
        var password = SecretFile.NewSecret();
        var cluster = new EmbeddedCluster(shared, new SharedTenantStateStore(new FileTenantStateStore(shared, password)));
        try
        {
            // One after the other: the first creates the initial key pair, the others load it.
            for (var number = 1; number <= nodes; number++)
            {
                var node = TenantHost.Build(new TenantOptions
                {
                    DataDir = Path.Combine(root, NodeName(number)),
                    Urls = "http://127.0.0.1:0",
                    AdminToken = token,
                    InitialKeyAlgorithm = initialKey,
                    InitialKeySubject = "CN=Rotation Drill Tenant, O=Rotation",
                    CpiClients = cpiClients,
                    SignerStep = new Rotation.Tenant.Signing.SignerStep { KeyReference = keyReference },
                    SharedStore = cluster.Store,
                    NodeName = NodeName(number),
                    PropagationDelay = number == nodes && nodes > 1 ? laggingDelay : TimeSpan.Zero,
                });
                cluster._nodes.Add(node);
                await node.StartAsync(ct);
            }
            if (nodes > 1) cluster._front = await RoundRobinFront.StartAsync([.. cluster._nodes.Select(n => n.BaseAddress)], ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_front is not null) await _front.DisposeAsync();
        foreach (var node in _nodes) await node.DisposeAsync();
        _shared.Dispose();
    }
}
