namespace Rotation.Tenant.Contracts;

/// <summary>Whether a node serves the stored generation yet (docs/DESIGN.md §8).</summary>
public enum ClusterNodeStatus
{
    /// <summary>The latest change is stored; this node still serves an older generation.</summary>
    Stored,

    /// <summary>This node serves the stored generation.</summary>
    Deployed,
}
