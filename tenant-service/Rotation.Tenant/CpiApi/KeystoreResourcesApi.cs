using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// The backup keystore <c>backup_admin_system</c> (docs/DESIGN.md §9) as the platform's API makes and restores it:
/// <c>POST /KeystoreResources</c> with <c>{"Name":"backup_admin_system"}</c> backs up the tenant keystore's entries,
/// replacing the previous backup; <c>PUT /KeystoreResources('system')?retrieveBackup=backup_admin_system</c> puts them
/// back (<c>importOption=overwrite</c>, the default, or <c>replace</c>; <c>{"Aliases":"a;b"}</c> for some only). Both
/// answer with the entries of the keystore they changed. Importing a whole JKS keystore is not offered.
/// </summary>
internal static class KeystoreResourcesApi
{
    public static RouteGroupBuilder MapKeystoreResources(this RouteGroupBuilder api)
    {
        api.MapPost("/KeystoreResources", BackUp).WithName("CpiBackUpKeystore")
            .WithSummary("Back up the tenant keystore's entries into backup_admin_system: body {\"Name\":\"backup_admin_system\"} (importOption absent or overwrite)");
        api.MapPut("/KeystoreResources('{name}')", Restore).WithName("CpiRestoreKeystoreBackup")
            .WithSummary("Restore entries from the backup: Keystores 'system', ?retrieveBackup=backup_admin_system&importOption=overwrite|replace; body {\"Aliases\":\"a;b\"} or {} for all");
        return api;
    }

    private static async Task<IResult> BackUp(HttpRequest request, TenantKeystore keystore, LiveTenantState state, CpiRequest cpi, TimeProvider time, CancellationToken cancellationToken)
    {
        // SAP: importOption is for importing a keystore and left out for a backup, which always replaces the previous one.
        var importOption = request.Query["importOption"].ToString();
        var read = await CpiBody.ReadJsonAsync<KeystoreResource>(request);
        if (!read.Succeeded) return OData.Error(read.Error!);
        var body = read.Value!;
        if (body.Name == CpiVocabulary.SystemKeystore)
            return OData.Error(StatusCodes.Status501NotImplemented, "NotImplemented",
                "importing a whole keystore is not offered by this tenant: add entries one by one (KeyPairGenerationRequests, KeyPairResources, CertificateResources)");
        if (body.Name != CpiVocabulary.BackupKeystore) return OData.Invalid($"Name must be '{CpiVocabulary.BackupKeystore}' (the backup of the tenant keystore)");
        if (importOption is not ("" or "overwrite"))
            return OData.Invalid($"importOption '{importOption}' does not apply to a backup, which always replaces the previous backup: leave it out");
        if (!string.IsNullOrEmpty(body.Resource) || !string.IsNullOrEmpty(body.Password))
            return OData.Invalid("a backup copies the tenant keystore: send no Resource and no Password");

        var made = await keystore.BackUpAsync(cpi.Change, cancellationToken);
        if (!made.Succeeded) return OData.Error(made.Error!);
        var entries = await KeystoreEntriesApi.AllAsync(made.Value!.Value.Entries.Values, state, request, time, cancellationToken);
        return OData.Collection(entries, StatusCodes.Status201Created);
    }

    private static async Task<IResult> Restore(string name, HttpRequest request, TenantKeystore keystore, LiveTenantState state, CpiRequest cpi, TimeProvider time, CancellationToken cancellationToken)
    {
        if (name != CpiVocabulary.SystemKeystore) return KeystoreNames.Unknown(name, CpiVocabulary.SystemKeystore);
        var query = request.Query;
        if (query["deleteEntries"].ToString() == "true")
            return OData.Error(StatusCodes.Status501NotImplemented, "NotImplemented", "deleting several entries at once is not offered by this tenant: DELETE /KeystoreEntries('{hex}') one by one");
        if (query["retrieveBackup"].ToString() != CpiVocabulary.BackupKeystore)
            return OData.Invalid($"a restore needs ?retrieveBackup={CpiVocabulary.BackupKeystore}");
        RestoreMode? mode = query["importOption"].ToString() switch
        {
            "" or "overwrite" => RestoreMode.Overwrite,
            "replace" => RestoreMode.Replace,
            _ => null,
        };
        if (mode is null) return OData.Invalid($"importOption must be overwrite (the default) or replace, not '{query["importOption"]}'");
        var aliases = await AliasesAsync(request);
        if (!aliases.Succeeded) return OData.Error(aliases.Error!);

        // As on the platform, a restore may take the signer step's key pair away: the flow cannot sign until one is back.
        var restored = await keystore.RestoreBackupAsync(cpi.Change, mode.Value, aliases.Value, SignerStepGuard.Allow, cancellationToken);
        if (!restored.Succeeded) return OData.Error(restored.Error!);
        return OData.Collection(await KeystoreEntriesApi.AllAsync(state.Current.Keystore.Entries.Values, state, request, time, cancellationToken));
    }

    /// <summary>The aliases of <c>{"Aliases":"a;b"}</c>; null (all entries) for an empty body or no Aliases.</summary>
    private static async Task<KeystoreResult<string[]?>> AliasesAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType())) return (string[]?)null;
        var read = await CpiBody.ReadJsonAsync<KeystoreResource>(request);
        if (!read.Succeeded) return read.Error!;
        if (string.IsNullOrWhiteSpace(read.Value!.Aliases)) return (string[]?)null;
        return read.Value.Aliases.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}

/// <summary>The platform's KeystoreResource: which keystore, and for an import its file and password; for a restore the aliases (<c>a;b</c>).</summary>
internal sealed record KeystoreResource(string? Name, string? Resource, string? Password, string? Aliases);
