namespace Rotation.Drill.Report;

/// <summary>
/// How one stored change reached the tenant's nodes (docs/DESIGN.md §8), as the drill saw it in GET /admin/cluster:
/// per node when it first showed the change deployed. <see cref="Cluster"/> false: a tenant on its data directory,
/// a single node that serves what it stores at once.
/// </summary>
public sealed record Deployment(bool Cluster, long Generation, bool Complete, IReadOnlyList<NodePropagation> Nodes)
{
    public static Deployment SingleNode { get; } = new(false, 0, true, []);

    public string Describe() => !Cluster
        ? "single node (no cluster view): deployed when stored"
        : string.Join(", ", Nodes.Select(n => n.Seconds is { } s ? $"{n.Node} {s:0.000} s" : $"{n.Node} NOT deployed (serves generation {n.DeployedGeneration})"));
}

/// <summary>
/// One node's propagation: seconds from the acknowledged change until the node served it (its heartbeat reporting the
/// deployment, or, when that is not usable, the poll of the cluster view that first showed it: an upper bound), or
/// null when it had not within the timeout.
/// </summary>
public sealed record NodePropagation(string Node, long DeployedGeneration, DateTimeOffset? DeployedAt, double? Seconds)
{
    /// <summary>Seconds from the drill's origin (its one clock, docs/DESIGN.md §11); set when the report is built.</summary>
    public double? DeployedOffset { get; init; }
}
