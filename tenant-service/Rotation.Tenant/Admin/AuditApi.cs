using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Audit;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/audit: the keystore's changes, newest last (who, when, what, old and new fingerprints).</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit", Read).WithTags("Audit").WithName("ReadAudit");
        return admin;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditRecord>>, ProblemHttpResult>> Read(int? last, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (last is < 1 or > 10_000) return Problems.Invalid("last must be between 1 and 10000");
        return TypedResults.Ok(await audit.ReadAsync(last ?? 100, cancellationToken));
    }
}
