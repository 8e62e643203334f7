using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Audit;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/audit: the tenant state's changes, newest last (who, when, what, old and new fingerprints, generation).</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit", Read).WithTags("Audit").WithName("ReadAudit");
        return admin;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditRecord>>, ProblemHttpResult>> Read(int? last, LiveTenantState state, CancellationToken cancellationToken)
    {
        if (last is < 1 or > 10_000) return Problems.Invalid("last must be between 1 and 10000");
        return TypedResults.Ok(await state.Store.ReadAuditAsync(last ?? 100, cancellationToken));
    }
}
