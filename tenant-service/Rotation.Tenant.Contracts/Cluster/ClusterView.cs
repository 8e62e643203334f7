namespace Rotation.Tenant.Contracts;

/// <summary>
/// The nodes on one store, as the platform's runtime status shows them (docs/DESIGN.md §8): a node whose deployed
/// generation is the stored one is <c>Deployed</c>; one still behind it is <c>Stored</c> (the change is stored, not
/// yet serving there). <see cref="StoredAt"/> is when the stored generation was committed.
/// </summary>
public sealed record ClusterView(long StoredGeneration, IReadOnlyList<ClusterNode> Nodes)
{
    public DateTimeOffset? StoredAt { get; init; }
}
