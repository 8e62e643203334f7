using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/keystore/history: key pairs replaced by exchanges. Purge is refused before the retention (≥ 90 days).</summary>
internal static class HistoryApi
{
    public static RouteGroupBuilder MapHistoryApi(this RouteGroupBuilder admin)
    {
        var history = admin.MapGroup("/keystore/history").WithTags("Key history").VersionedByState();
        history.MapGet("/", List).WithName("ListHistory").WithSummary("List retired key pairs with their retirement time");
        history.MapGet("/{id}", Get).WithName("GetHistoryEntry").WithSummary("One key history entry");
        history.MapGet("/{id}/certificate", DownloadCertificate).WithName("DownloadHistoryCertificate").WithSummary("Download the certificate of a retired key pair");
        history.MapDelete("/{id}", Purge).WithName("PurgeHistoryEntry").WithSummary("Purge a key history entry (refused before 90 days)");
        return admin;
    }

    private static Ok<HistoryView[]> List(LiveTenantState state, TenantKeystore keystore, AdminRequest admin, string? alias)
    {
        var current = state.Current;
        return TypedResults.Ok(admin.Saw(current.Keystore.History
            .Where(h => alias is null || KeystoreSnapshot.AliasComparer.Equals(h.Alias, alias))
            .OrderBy(h => h.RetiredAt)
            .Select(h => CertificateViews.View(h, keystore)).ToArray(), current.Generation));
    }

    private static Results<Ok<HistoryView>, ProblemHttpResult> Get(string id, LiveTenantState state, TenantKeystore keystore, AdminRequest admin)
    {
        var current = state.Current;
        return current.Keystore.FindHistory(id) is { } retired ? TypedResults.Ok(admin.Saw(CertificateViews.View(retired, keystore), current.Generation)) : Unknown(id);
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> DownloadCertificate(string id, string? format, TenantKeystore keystore) =>
        keystore.Current.FindHistory(id) is { } retired
            ? CertificateViews.Download(retired.PublicCertificate, $"{retired.Alias}-{retired.Fingerprint[..12]}", format)
            : Unknown(id);

    /// <summary>Purging the key the signer step is pinned to is refused at the commit point (KeyInUse).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Purge(string id, TenantKeystore keystore, AdminRequest admin, CancellationToken cancellationToken)
    {
        var purged = await keystore.PurgeHistoryAsync(admin.Change, id, cancellationToken);
        return purged.Succeeded ? admin.Saw(TypedResults.NoContent(), purged.Value!.Generation) : Problems.From(purged.Error!);
    }

    private static ProblemHttpResult Unknown(string id) =>
        Problems.From(new KeystoreError(KeystoreErrorCode.UnknownHistoryEntry, $"no key history entry '{id}'"));
}
