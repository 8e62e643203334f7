using System.Text;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// <c>KeystoreEntries</c>: list, one entry, delete, rename (<c>PUT …?renameAlias=</c>), its certificate, a CSR and
/// its chain, over the same keystore operations as the admin API. Renaming or deleting the signer step's alias is
/// allowed here, as on the platform: the flow cannot sign until an entry holds the alias again (docs/DESIGN.md §9).
/// </summary>
internal static class KeystoreEntriesApi
{
    private const string Entry = "/KeystoreEntries('{hex}')";

    public static RouteGroupBuilder MapKeystoreEntries(this RouteGroupBuilder api)
    {
        api.MapGet("/KeystoreEntries", List).WithName("CpiListKeystoreEntries").WithSummary("Keystore entries (keystoreName=system|backup_admin_system|KeyRenewal; $select, $filter)");
        api.MapGet(Entry, Get).WithName("CpiGetKeystoreEntry").WithSummary("One keystore entry by Hexalias (keystoreName=backup_admin_system for the backup)");
        api.MapDelete(Entry, Delete).WithName("CpiDeleteKeystoreEntry").WithSummary("Delete an entry (the signer step's alias too, as on the platform)");
        api.MapPut(Entry, Rename).WithName("CpiRenameKeystoreEntry").WithSummary("Rename an entry: ?renameAlias=<new alias>");
        api.MapGet(Entry + "/Certificate/$value", Certificate).WithName("CpiEntryCertificate").WithSummary("The entry's certificate, PEM (keystoreName=KeyHistory for history entries, backup_admin_system for the backup)");
        api.MapGet(Entry + "/SigningRequest/$value", SigningRequest).WithName("CpiEntrySigningRequest").WithSummary("A PKCS#10 CSR for a key pair");
        api.MapGet(Entry + "/ChainCertificates", Chain).WithName("CpiEntryChain").WithSummary("The entry's certificate chain");
        return api;
    }

    private static async Task<IResult> List(string? keystoreName, HttpRequest request, LiveTenantState state, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = ODataQuery.Parse(request.Query);
        if (!query.Succeeded) return OData.Error(query.Error!);
        if (KeystoreNames.Entries(KeystoreNames.Resolve(keystoreName), state.Current.Keystore) is not { } held)
            return KeystoreNames.Unknown(keystoreName, "system, backup_admin_system or KeyRenewal (the key history: HistoryKeystoreEntries)");
        var entries = await AllAsync(held, state, request, time, cancellationToken);
        var shaped = query.Value!.Apply(entries);
        return shaped.Succeeded ? OData.Collection(shaped.Value!) : OData.Error(shaped.Error!);
    }

    /// <summary>The entries (of the tenant keystore or the backup) as the platform's entities, by alias.</summary>
    public static async Task<List<System.Text.Json.Nodes.JsonObject>> AllAsync(IEnumerable<KeystoreEntry> entries, LiveTenantState state, HttpRequest request, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var authors = await EntryAuthors.ReadAsync(state, cancellationToken);
        var now = time.GetUtcNow();
        var root = ServiceRoot.Of(request);
        return [.. entries.OrderBy(e => e.Alias, StringComparer.OrdinalIgnoreCase).Select(e => CpiEntities.KeystoreEntry(e, authors, now, root))];
    }

    private static async Task<IResult> Get(string hex, string? keystoreName, HttpRequest request, LiveTenantState state, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = ODataQuery.Parse(request.Query);
        if (!query.Succeeded) return OData.Error(query.Error!);
        var found = FindIn(KeystoreNames.Resolve(keystoreName), hex, state.Current.Keystore);
        if (!found.Succeeded) return OData.Error(found.Error!);
        var authors = await EntryAuthors.ReadAsync(state, cancellationToken);
        var shaped = query.Value!.Shape(CpiEntities.KeystoreEntry(found.Value!, authors, time.GetUtcNow(), ServiceRoot.Of(request)));
        return shaped.Succeeded ? OData.Entity(shaped.Value!) : OData.Error(shaped.Error!);
    }

    private static async Task<IResult> Delete(string hex, TenantKeystore keystore, CpiRequest cpi, CancellationToken cancellationToken)
    {
        var alias = HexAlias.Decode(hex);
        if (!alias.Succeeded) return OData.Error(alias.Error!);
        var deleted = await keystore.DeleteAsync(cpi.Change, alias.Value!, SignerStepGuard.Allow, cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : OData.Error(deleted.Error!);
    }

    /// <summary>The body (one entry property with a null value, as SAP's examples send it) carries nothing: the new alias is in the query.</summary>
    private static async Task<IResult> Rename(string hex, string? renameAlias, TenantKeystore keystore, CpiRequest cpi, CancellationToken cancellationToken)
    {
        var alias = HexAlias.Decode(hex);
        if (!alias.Succeeded) return OData.Error(alias.Error!);
        if (string.IsNullOrEmpty(renameAlias)) return OData.Invalid("a rename needs ?renameAlias=<new alias> (URL-encoded)");
        if (ReservedAliases.Check(renameAlias) is { } reserved) return OData.Error(reserved);
        var renamed = await keystore.RenameAsync(cpi.Change, alias.Value!, renameAlias, SignerStepGuard.Allow, cancellationToken);
        return renamed.Succeeded ? TypedResults.NoContent() : OData.Error(renamed.Error!);
    }

    private static IResult Certificate(string hex, string? keystoreName, LiveTenantState state)
    {
        var keystore = state.Current.Keystore;
        var kind = KeystoreNames.Resolve(keystoreName);
        if (kind == KeystoreKind.History)
        {
            var id = HexAlias.Decode(hex);
            if (!id.Succeeded) return OData.Error(id.Error!);
            return keystore.FindHistory(id.Value!) is { } retired
                ? Pem(retired.PublicCertificate.ExportCertificatePem(), "application/pkix-cert")
                : OData.Error(new KeystoreError(KeystoreErrorCode.UnknownHistoryEntry, $"no key history entry '{id.Value}'"));
        }
        if (kind is not (KeystoreKind.System or KeystoreKind.Backup)) return KeystoreNames.Unknown(keystoreName, "system, backup_admin_system or KeyHistory");
        var found = FindIn(kind, hex, keystore);
        return found.Succeeded ? Pem(found.Value!.PublicCertificate.ExportCertificatePem(), "application/pkix-cert") : OData.Error(found.Error!);
    }

    private static IResult SigningRequest(string hex, LiveTenantState state)
    {
        var found = Find(hex, state.Current.Keystore);
        if (!found.Succeeded) return OData.Error(found.Error!);
        if (found.Value!.Kind != EntryKind.KeyPair)
            return OData.Error(new KeystoreError(KeystoreErrorCode.NotAKeyPair, $"'{found.Value.Alias}' holds a certificate only; a CSR needs the private key"));
        return Pem(KeyMaterial.CreateSigningRequestPem(found.Value.Certificate), "application/pkcs10");
    }

    private static IResult Chain(string hex, HttpRequest request, LiveTenantState state, TimeProvider time)
    {
        var query = ODataQuery.Parse(request.Query);
        if (!query.Succeeded) return OData.Error(query.Error!);
        var found = Find(hex, state.Current.Keystore);
        if (!found.Succeeded) return OData.Error(found.Error!);
        // The entry's certificate, then the issuers a signing response brought (none for a self-signed key pair).
        var entry = found.Value!;
        var now = time.GetUtcNow();
        var root = ServiceRoot.Of(request);
        var chain = entry.Issuers.Prepend(entry.PublicCertificate).Select((c, i) => CpiEntities.ChainCertificate(entry, c, i + 1, now, root)).ToArray();
        var shaped = query.Value!.Apply(chain);
        return shaped.Succeeded ? OData.Collection(shaped.Value!) : OData.Error(shaped.Error!);
    }

    /// <summary>The entry in the backup keystore when <paramref name="kind"/> names it, else in the tenant keystore.</summary>
    private static KeystoreResult<KeystoreEntry> FindIn(KeystoreKind kind, string hex, KeystoreSnapshot keystore)
    {
        if (kind != KeystoreKind.Backup) return Find(hex, keystore);
        var alias = HexAlias.Decode(hex);
        if (!alias.Succeeded) return alias.Error!;
        return keystore.Backup.Find(alias.Value!) is { } entry
            ? entry
            : new KeystoreError(KeystoreErrorCode.UnknownAlias, $"no entry with alias '{alias.Value}' in the backup keystore");
    }

    public static KeystoreResult<KeystoreEntry> Find(string hex, KeystoreSnapshot keystore)
    {
        var alias = HexAlias.Decode(hex);
        if (!alias.Succeeded) return alias.Error!;
        return keystore.Find(alias.Value!) is { } entry
            ? entry
            : new KeystoreError(KeystoreErrorCode.UnknownAlias, $"no keystore entry with alias '{alias.Value}'");
    }

    private static IResult Pem(string pem, string contentType) => TypedResults.Text(pem + "\n", contentType, Encoding.ASCII);
}
