using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Signing;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/keystore/history: key pairs replaced by exchanges. Purge is refused before the retention (≥ 90 days).</summary>
internal static class HistoryApi
{
    public static RouteGroupBuilder MapHistoryApi(this RouteGroupBuilder admin)
    {
        var history = admin.MapGroup("/keystore/history").WithTags("Key history");
        history.MapGet("/", List).WithName("ListHistory").WithSummary("List retired key pairs with their retirement time");
        history.MapGet("/{id}", Get).WithName("GetHistoryEntry").WithSummary("One key history entry");
        history.MapGet("/{id}/certificate", DownloadCertificate).WithName("DownloadHistoryCertificate").WithSummary("Download the certificate of a retired key pair");
        history.MapDelete("/{id}", Purge).WithName("PurgeHistoryEntry").WithSummary("Purge a key history entry (refused before 90 days)");
        return admin;
    }

    private static Ok<HistoryView[]> List(TenantKeystore keystore, string? alias) =>
        TypedResults.Ok(keystore.Current.History
            .Where(h => alias is null || KeystoreSnapshot.AliasComparer.Equals(h.Alias, alias))
            .OrderBy(h => h.RetiredAt)
            .Select(h => CertificateViews.View(h, keystore)).ToArray());

    private static Results<Ok<HistoryView>, ProblemHttpResult> Get(string id, TenantKeystore keystore) =>
        keystore.Current.FindHistory(id) is { } retired ? TypedResults.Ok(CertificateViews.View(retired, keystore)) : Unknown(id);

    private static Results<FileContentHttpResult, ProblemHttpResult> DownloadCertificate(string id, string? format, TenantKeystore keystore) =>
        keystore.Current.FindHistory(id) is { } retired
            ? CertificateViews.Download(retired.PublicCertificate, $"{retired.Alias}-{retired.Fingerprint[..12]}", format)
            : Unknown(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> Purge(string id, TenantKeystore keystore, SignerStepStore signerStep, CancellationToken cancellationToken)
    {
        if (keystore.Current.FindHistory(id) is { } retired && string.Equals(signerStep.Current.KeyFingerprint, retired.Fingerprint, StringComparison.OrdinalIgnoreCase))
            return Problems.Conflict("KeyInUse", $"the signer step is pinned to {retired.Fingerprint}; unpin it first (PUT /admin/signer with keyFingerprint \"\")");
        var purged = await keystore.PurgeHistoryAsync(id, cancellationToken);
        return purged.Succeeded ? TypedResults.NoContent() : Problems.From(purged.Error!);
    }

    private static ProblemHttpResult Unknown(string id) =>
        Problems.From(new KeystoreError(KeystoreErrorCode.UnknownHistoryEntry, $"no key history entry '{id}'"));
}
