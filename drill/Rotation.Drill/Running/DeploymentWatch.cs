using Rotation.Drill.Admin;
using Rotation.Drill.Report;
using Rotation.Drill.Tenants;

namespace Rotation.Drill.Running;

/// <summary>
/// Follows the tenant's latest stored change onto every node by polling GET /admin/cluster (docs/DESIGN.md §8), the
/// view an administrator has of a cluster; on the embedded cluster and behind a real load balancer alike. A node's
/// time is its own heartbeat for the deployment when that lies between the change and the look that saw it, else
/// the look itself (an upper bound by one poll).
/// </summary>
public static class DeploymentWatch
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <param name="since">When the change was acknowledged: each node's propagation is counted from here.</param>
    /// <param name="timeout">How long to wait for the slowest node before the result says which ones lag.</param>
    public static async Task<Deployment> FollowAsync(ITenantAdministration tenant, DateTimeOffset since, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        if (await tenant.ClusterAsync(ct) is not { } view) return Deployment.SingleNode;
        var target = view.StoredGeneration;
        var deployedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var seen = time.GetUtcNow();
            // The node's own report of deploying (its heartbeat) when it falls between the change and this look; else this look.
            foreach (var node in view.Nodes.Where(n => n.DeployedGeneration >= target))
                deployedAt.TryAdd(node.Name, node.LastHeartbeat >= since && node.LastHeartbeat <= seen ? node.LastHeartbeat : seen);
            var complete = view.Nodes.All(n => deployedAt.ContainsKey(n.Name));
            if (complete || seen >= deadline)
            {
                var nodes = view.Nodes.Select(n => deployedAt.TryGetValue(n.Name, out var at)
                    ? new NodePropagation(n.Name, n.DeployedGeneration, at, Math.Round(Math.Max(0, (at - since).TotalSeconds), 3))
                    : new NodePropagation(n.Name, n.DeployedGeneration, null, null)).ToList();
                return new Deployment(true, target, complete, nodes);
            }
            await Task.Delay(PollInterval, time, ct);
            view = await tenant.ClusterAsync(ct) ?? view;
        }
    }
}
