namespace Rotation.Drill.Peers;

/// <summary>Where the two admin APIs and the tenant's flow endpoint are, and their tokens.</summary>
public sealed record DrillPeers(Uri TenantAdmin, string TenantToken, Uri TenantEndpoint, Uri SenderAdmin, string SenderToken) : IAsyncDisposable
{
    /// <summary>In-process peers the drill started itself (stopped with the drill), if any.</summary>
    public IAsyncDisposable? Owned { get; init; }

    /// <summary>
    /// The base address of each tenant node the drill started (the embedded cluster); empty when the tenant is remote,
    /// where the load balancer's URL is all the drill knows and GET /admin/cluster names the nodes.
    /// </summary>
    public IReadOnlyList<Uri> TenantNodes { get; init; } = [];

    public async ValueTask DisposeAsync()
    {
        if (Owned is not null) await Owned.DisposeAsync();
    }
}
