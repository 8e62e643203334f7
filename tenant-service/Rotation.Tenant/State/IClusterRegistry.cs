using Rotation.Tenant.Persistence.Postgres;

namespace Rotation.Tenant.State;

/// <summary>
/// A store several nodes share also records which generation each node serves (docs/DESIGN.md §8): the PostgreSQL
/// store across processes, <see cref="Persistence.Shared.SharedTenantStateStore"/> across the drill's in-process nodes.
/// </summary>
public interface IClusterRegistry
{
    /// <summary>Records which generation a node serves, since when, and that it is alive <paramref name="now"/> (its heartbeat).</summary>
    Task ReportDeployedAsync(NodeDeployment deployment, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The stored generation and every node that ever reported, by name.</summary>
    Task<ClusterView> ReadClusterAsync(CancellationToken cancellationToken);
}
