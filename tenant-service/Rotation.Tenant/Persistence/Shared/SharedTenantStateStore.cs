using System.Collections.Concurrent;
using Rotation.Tenant.Audit;
using Rotation.Tenant.Persistence.Postgres;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Persistence.Shared;

/// <summary>
/// One store shared by several tenant nodes in one process — the drill's embedded cluster (docs/DESIGN.md §8) — so a
/// cluster can be rehearsed without PostgreSQL. It wraps one real store (the data directory: its files, its PKCS#12
/// and its generation check stay the commit point), serialises the nodes' commits, keeps the last committed state
/// (immutable, so every node may publish the same object) and announces each commit, as PostgreSQL's NOTIFY does.
/// It also keeps what each node reports it deploys, for <c>GET /admin/cluster</c>. The nodes never own it: whoever
/// built it disposes the inner store's storage.
/// </summary>
public sealed class SharedTenantStateStore(ITenantStateStore inner) : ITenantStateStore, IClusterRegistry
{
    private readonly SemaphoreSlim _commits = new(1, 1);
    private readonly ConcurrentDictionary<string, (NodeDeployment Deployment, DateTimeOffset Heartbeat)> _nodes = new(StringComparer.Ordinal);
    private TaskCompletionSource _nextCommit = NewSignal();
    private TenantState? _latest;

    /// <summary>Completes at the next commit: take it before loading, so a commit in between is never missed.</summary>
    public Task NextCommit => Volatile.Read(ref _nextCommit).Task;

    /// <summary>The generation last committed through this store (or loaded from its storage).</summary>
    public long StoredGeneration => Volatile.Read(ref _latest)?.Generation ?? 0;

    public async Task<TenantState> LoadAsync(TenantState initial, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _latest) is { } latest) return latest;
        await _commits.WaitAsync(cancellationToken);
        try
        {
            _latest ??= await inner.LoadAsync(initial, cancellationToken);
            return _latest;
        }
        finally
        {
            _commits.Release();
        }
    }

    public async Task<CommitOutcome> CommitAsync(StateCommit commit, CancellationToken cancellationToken)
    {
        TaskCompletionSource announced;
        CommitOutcome outcome;
        await _commits.WaitAsync(cancellationToken);
        try
        {
            outcome = await inner.CommitAsync(commit, cancellationToken);
            if (!outcome.Committed) return outcome;
            Volatile.Write(ref _latest, commit.After);
            announced = Interlocked.Exchange(ref _nextCommit, NewSignal());
        }
        finally
        {
            _commits.Release();
        }
        announced.TrySetResult();
        return outcome;
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(int last, CancellationToken cancellationToken) => inner.ReadAuditAsync(last, cancellationToken);

    public Task ReportDeployedAsync(NodeDeployment deployment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _nodes[deployment.Node] = (deployment, now);
        return Task.CompletedTask;
    }

    public Task<ClusterView> ReadClusterAsync(CancellationToken cancellationToken)
    {
        var stored = StoredGeneration;
        var nodes = _nodes.Values.OrderBy(n => n.Deployment.Node, StringComparer.Ordinal)
            .Select(n => new ClusterNode(n.Deployment.Node, n.Deployment.Generation, n.Deployment.Generation >= stored ? ClusterNodeStatus.Deployed : ClusterNodeStatus.Stored, n.Heartbeat)
            {
                DeployedAt = n.Deployment.DeployedAt,
                PropagationDelayMs = (long)n.Deployment.PropagationDelay.TotalMilliseconds,
            })
            .ToList();
        return Task.FromResult(new ClusterView(stored, nodes));
    }

    // Continuations run on the pool, never inside the committing node's writer lock.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
