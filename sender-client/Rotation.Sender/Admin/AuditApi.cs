using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Keys;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Admin;

/// <summary>
/// /admin/audit: the trust store's changes; /admin/audit/keystore: the keystore's. Newest last (who, when, what,
/// fingerprints before and after): two trails of two record shapes, each as its store writes it.
/// </summary>
public static class AuditApi
{
    public const int MaxRecords = 10_000;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit", Read).WithTags("Audit").WithName("ReadAudit");
        admin.MapGet("/audit/keystore", ReadKeystore).WithTags("Audit").WithName("ReadKeystoreAudit");
        return admin;
    }

    private static async Task<Results<Ok<IReadOnlyList<TrustAuditRecord>>, ProblemHttpResult>> Read(int? last, TrustStore trust, CancellationToken cancellationToken)
    {
        if (last is < 1 or > MaxRecords) return Problems.BadRequest(LastRange);
        return TypedResults.Ok(await trust.AuditAsync(last ?? 100, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<KeystoreAuditRecord>>, ProblemHttpResult>> ReadKeystore(int? last, SenderKeystore keystore, CancellationToken cancellationToken)
    {
        if (last is < 1 or > MaxRecords) return Problems.BadRequest(LastRange);
        return TypedResults.Ok(await keystore.AuditAsync(last ?? 100, cancellationToken));
    }

    private static readonly string LastRange = $"last must be between 1 and {MaxRecords}";
}
