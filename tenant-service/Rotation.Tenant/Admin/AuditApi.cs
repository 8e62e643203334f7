using Rotation.Hosting.Audit;
using Rotation.Tenant.Audit;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/audit: the tenant state's changes, newest last (who, when, what, old and new fingerprints, generation).</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder admin)
    {
        admin.MapAuditTrail<LiveTenantState, AuditRecord>("/audit", (state, last, cancellationToken) => state.Store.ReadAuditAsync(last, cancellationToken)).WithName("ReadAudit");
        return admin;
    }
}
