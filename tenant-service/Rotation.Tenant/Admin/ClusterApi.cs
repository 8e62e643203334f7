using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>
/// /admin/cluster: the nodes on the tenant's shared store (PostgreSQL, or the drill's in-process one) with their deployed generation, Stored/Deployed and last
/// heartbeat (docs/DESIGN.md §8). A tenant on its data directory is one node and has no such view (404).
/// </summary>
internal static class ClusterApi
{
    public static RouteGroupBuilder MapClusterApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/cluster", Read).WithTags("Cluster").WithName("ReadCluster");
        return admin;
    }

    private static async Task<IResult> Read(LiveTenantState state, CancellationToken cancellationToken) =>
        state.Store is IClusterRegistry cluster
            ? TypedResults.Ok(await cluster.ReadClusterAsync(cancellationToken))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "no cluster",
                detail: "this tenant keeps its state in its data directory: it is a single node (start it with --store for a cluster)");
}
