using System.Text.Json;
using DotNet.Testcontainers.Containers;
using Rotation.Shared.Admin;
using Rotation.Tenant.Contracts;

namespace Rotation.Container.Tests.Infrastructure;

/// <summary>
/// A tenant as a cluster on a rig of its own (docs/DESIGN.md §8): PostgreSQL, worker nodes on it, HAProxy in front. The
/// first node creates the first key pair in the empty store; the others start once it is ready and load that state.
/// Disposing it removes the rig.
/// </summary>
public sealed class TenantCluster(ContainerRig rig, IContainer postgres, IReadOnlyList<TenantContainer> nodes, TenantContainer loadBalancer) : IAsyncDisposable
{
    public IContainer Postgres => postgres;
    public IReadOnlyList<TenantContainer> Nodes => nodes;

    /// <summary>The tenant's one address: the flow and the admin API through HAProxy.</summary>
    public TenantContainer LoadBalancer => loadBalancer;

    public static async Task<TenantCluster> StartAsync(RotationImages images, IReadOnlyList<string> nodeNames, CancellationToken ct)
    {
        var rig = await ContainerRig.CreateAsync(images, ct);
        try
        {
            var postgres = await rig.StartPostgresAsync(ct);
            var first = await rig.StartTenantNodeAsync(nodeNames[0], ct);
            var others = await Task.WhenAll(nodeNames.Skip(1).Select(name => rig.StartTenantNodeAsync(name, ct)));
            return new TenantCluster(rig, postgres, [first, .. others], await rig.StartLoadBalancerAsync(ct));
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Asks <paramref name="node"/> for the cluster view until every node in it has deployed the stored generation, at
    /// least <paramref name="generation"/>; returns that view (storedGeneration, nodes: name, deployedGeneration, status).
    /// </summary>
    public static async Task<JsonElement> WaitUntilDeployedAsync(TenantContainer node, long generation, IReadOnlyCollection<string> nodeNames, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (true)
        {
            var view = await node.Admin.GetJsonAsync(TenantRoutes.Cluster, ct);
            var stored = view.GetProperty("storedGeneration").GetInt64();
            var deployed = view.GetProperty("nodes").EnumerateArray()
                .Where(n => n.GetProperty("status").Deserialize<ClusterNodeStatus>(AdminJson.Options) == ClusterNodeStatus.Deployed && n.GetProperty("deployedGeneration").GetInt64() == stored)
                .Select(n => n.GetProperty("name").GetString()!).ToHashSet();
            if (stored >= generation && nodeNames.All(deployed.Contains)) return view;
            if (TimeProvider.System.GetUtcNow() > deadline)
                throw new TimeoutException($"not every node deployed generation {generation} within {timeout.TotalSeconds} s; cluster view: {view}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes) node.Dispose();
        loadBalancer.Dispose();
        await rig.DisposeAsync();
    }
}
