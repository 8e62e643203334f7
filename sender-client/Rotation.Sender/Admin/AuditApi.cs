using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Admin;

/// <summary>/admin/audit: the trust store's changes, newest last (who, when, what, fingerprints before and after).</summary>
public static class AuditApi
{
    public const int MaxRecords = 10_000;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit", Read).WithTags("Audit").WithName("ReadAudit");
        return admin;
    }

    private static async Task<Results<Ok<IReadOnlyList<TrustAuditRecord>>, ProblemHttpResult>> Read(int? last, TrustStore trust, CancellationToken cancellationToken)
    {
        if (last is < 1 or > MaxRecords) return Problems.BadRequest($"last must be between 1 and {MaxRecords}");
        return TypedResults.Ok(await trust.AuditAsync(last ?? 100, cancellationToken));
    }
}
