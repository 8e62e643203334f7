using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>
/// /admin/keystore/backup: the backup keystore (the platform's <c>backup_admin_system</c>, docs/DESIGN.md §9) on the
/// admin API — the same operations as on /api/v1. A restore here keeps the admin API's guard: it may not leave the
/// signer step's alias without a key pair (409 AliasInUse).
/// </summary>
internal static class BackupApi
{
    public static RouteGroupBuilder MapBackupApi(this RouteGroupBuilder admin)
    {
        var backup = admin.MapGroup("/keystore/backup").WithTags("Keystore").VersionedByState();
        backup.MapGet("/", Get).WithName("GetKeystoreBackup").WithSummary("The backup keystore: when it was made and its entries (public facts only)");
        backup.MapPost("/", BackUp).WithName("BackUpKeystore").WithSummary("Back up the keystore's entries, replacing the previous backup");
        backup.MapPost("/restore", Restore).WithName("RestoreKeystoreBackup")
            .WithSummary("Put backed-up entries back (mode Overwrite, the default, or Replace; aliases: all when left out); key pairs taken away go to the key history");
        return admin;
    }

    private static Ok<BackupView> Get(LiveTenantState state, TenantKeystore keystore, AdminRequest admin, TimeProvider time)
    {
        var current = state.Current;
        return TypedResults.Ok(admin.Saw(View(current.Keystore.Backup, keystore, time.GetUtcNow()), current.Generation));
    }

    private static async Task<Results<Ok<BackupView>, ProblemHttpResult>> BackUp(TenantKeystore keystore, AdminRequest admin, TimeProvider time, CancellationToken cancellationToken)
    {
        var made = await keystore.BackUpAsync(admin.Change, cancellationToken);
        return made.Succeeded ? TypedResults.Ok(admin.Saw(View(made.Value!.Value, keystore, time.GetUtcNow()), made.Value.Generation)) : Problems.From(made.Error!);
    }

    private static async Task<Results<Ok<RestoreView>, ProblemHttpResult>> Restore(RestoreBody body, TenantKeystore keystore, AdminRequest admin, TimeProvider time, CancellationToken cancellationToken)
    {
        var restored = await keystore.RestoreBackupAsync(admin.Change, body.Mode ?? RestoreMode.Overwrite, body.Aliases, SignerStepGuard.Refuse, cancellationToken);
        if (!restored.Succeeded) return Problems.From(restored.Error!);
        var (entries, retired) = restored.Value!.Value;
        var now = time.GetUtcNow();
        return TypedResults.Ok(admin.Saw(new RestoreView(
            [.. entries.Select(e => CertificateViews.View(e, keystore, now))],
            [.. retired.Select(r => CertificateViews.View(r, keystore))]), restored.Value.Generation));
    }

    private static BackupView View(KeystoreBackup backup, TenantKeystore keystore, DateTimeOffset now) =>
        new(backup.MadeAt, [.. backup.Entries.Values.OrderBy(e => e.Alias, StringComparer.OrdinalIgnoreCase).Select(e => CertificateViews.View(e, keystore, now))]);
}

/// <summary>The backup keystore: when it was made (null: never) and its entries.</summary>
public sealed record BackupView(DateTimeOffset? MadeAt, EntryView[] Entries);

/// <summary>Restore from the backup: how (default Overwrite) and which aliases (default all).</summary>
public sealed record RestoreBody(RestoreMode? Mode = null, string[]? Aliases = null);

/// <summary>The entries a restore put back and the key pairs it retired to the key history.</summary>
public sealed record RestoreView(EntryView[] Restored, HistoryView[] Retired);
