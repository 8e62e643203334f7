namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>
/// The nodes on one store, as the platform's runtime status shows them (docs/DESIGN.md §8): a node whose deployed
/// generation is the stored one is <c>Deployed</c>; one still behind it is <c>Stored</c> (the change is stored, not
/// yet serving there). <see cref="StoredAt"/> is when the stored generation was committed.
/// </summary>
public sealed record ClusterView(long StoredGeneration, IReadOnlyList<ClusterNode> Nodes)
{
    public DateTimeOffset? StoredAt { get; init; }
}

/// <summary>
/// One node. <see cref="LagMs"/> is the propagation lag of the latest change on this node: from its commit to this
/// node's deployment once deployed, and the time it has been waiting so far while still <c>Stored</c>.
/// </summary>
public sealed record ClusterNode(string Name, long DeployedGeneration, string Status, DateTimeOffset LastHeartbeat)
{
    public DateTimeOffset? DeployedAt { get; init; }

    /// <summary>The delay this node waits on purpose before deploying a change (--propagation-delay).</summary>
    public long PropagationDelayMs { get; init; }

    public double? LagMs { get; init; }

    internal static ClusterNode Of(string name, long deployed, long stored, DateTimeOffset? storedAt, DateTimeOffset heartbeat, DateTimeOffset? deployedAt, long delayMs, DateTimeOffset now)
    {
        var isDeployed = deployed >= stored;
        double? lag = storedAt is not { } committed ? null
            : isDeployed ? deployedAt is { } at && deployed == stored ? Math.Max(0, (at - committed).TotalMilliseconds) : null
            : Math.Max(0, (now - committed).TotalMilliseconds);
        return new ClusterNode(name, deployed, isDeployed ? "Deployed" : "Stored", heartbeat) { DeployedAt = deployedAt, PropagationDelayMs = delayMs, LagMs = lag };
    }
}

/// <summary>What a node reports after deploying: the generation it serves, since when, and its simulated propagation delay.</summary>
public sealed record NodeDeployment(string Node, long Generation, DateTimeOffset DeployedAt, TimeSpan PropagationDelay);
