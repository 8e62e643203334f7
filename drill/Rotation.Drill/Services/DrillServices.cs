using Rotation.Drill.Admin;
using Rotation.Drill.Procedures;
using Rotation.Drill.Tenants;

namespace Rotation.Drill.Services;

/// <summary>
/// Where the tenant (its admin API or its /api/v1, see <see cref="Api"/>), its flow endpoint and the sender's admin API
/// are, and the credentials for each.
/// </summary>
public sealed record DrillServices(Uri TenantAdmin, string TenantToken, Uri TenantEndpoint, Uri SenderAdmin, string SenderToken) : IAsyncDisposable
{
    public TenantApi Api { get; init; } = TenantApi.Admin;
    /// <summary>With <see cref="TenantApi.Cpi"/>: how the drill signs in to /api/v1.</summary>
    public CpiCredentials? Cpi { get; init; }
    /// <summary>With <see cref="TenantApi.Cpi"/>: the alias the flow signs with (/api/v1 does not show the flow's settings).</summary>
    public string? Alias { get; init; }

    /// <summary>The tenant administration the drill's steps call, on the face chosen.</summary>
    public ITenantAdministration OpenTenant(DrillSettings settings, TimeProvider time) => Api == TenantApi.Admin
        ? new AdminApiTenant(new TenantAdmin(TenantAdmin, TenantToken), new TenantNodeAdmins(TenantNodes, TenantToken), TenantEndpoint, settings, time)
        : new CpiApiTenant(new CpiConnection(TenantAdmin, Cpi!, time), TenantEndpoint, Alias!, settings.ExchangeMethod, settings.DeliveryWindow, time);

    /// <summary>In-process services the drill started itself (stopped with the drill), if any.</summary>
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
