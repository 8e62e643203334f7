namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>A node's row on the shared store as the cluster view shows it: Deployed or Stored, and its propagation lag.</summary>
internal static class ClusterNodes
{
    public static ClusterNode Of(string name, long deployed, long stored, DateTimeOffset? storedAt, DateTimeOffset heartbeat, DateTimeOffset? deployedAt, long delayMs, DateTimeOffset now)
    {
        var isDeployed = deployed >= stored;
        double? lag = storedAt is not { } committed ? null
            : isDeployed ? deployedAt is { } at && deployed == stored ? Math.Max(0, (at - committed).TotalMilliseconds) : null
            : Math.Max(0, (now - committed).TotalMilliseconds);
        return new ClusterNode(name, deployed, isDeployed ? ClusterNodeStatus.Deployed : ClusterNodeStatus.Stored, heartbeat) { DeployedAt = deployedAt, PropagationDelayMs = delayMs, LagMs = lag };
    }
}
