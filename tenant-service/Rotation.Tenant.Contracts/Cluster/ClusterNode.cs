namespace Rotation.Tenant.Contracts;

/// <summary>
/// One node. <see cref="LagMs"/> is the propagation lag of the latest change on this node: from its commit to this
/// node's deployment once deployed, and the time it has been waiting so far while still <c>Stored</c>.
/// </summary>
public sealed record ClusterNode(string Name, long DeployedGeneration, ClusterNodeStatus Status, DateTimeOffset LastHeartbeat)
{
    public DateTimeOffset? DeployedAt { get; init; }

    /// <summary>The delay this node waits on purpose before deploying a change (--propagation-delay).</summary>
    public long PropagationDelayMs { get; init; }

    public double? LagMs { get; init; }
}
