using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>
/// The endpoint groups that read or change the tenant state (keystore, key history, signer step, flow) are versioned
/// by its generation: ETag on every answer, If-Match on changes, checked at the commit point (docs/DESIGN.md §4a).
/// </summary>
internal static class StateVersioning
{
    public static RouteGroupBuilder VersionedByState(this RouteGroupBuilder group) => group.VersionedBy<LiveTenantState>(state => state.Current.Generation);
}
