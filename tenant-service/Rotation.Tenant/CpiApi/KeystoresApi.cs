using System.Globalization;
using System.Text.Json.Nodes;
using Rotation.Tenant.State;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// <c>Keystores('system')</c> (<c>$expand=Entries</c>) and <c>Keystores('system')/Size/$value</c>; the same for the backup
/// keystore <c>backup_admin_system</c> (docs/DESIGN.md §9).
/// </summary>
internal static class KeystoresApi
{
    private const string Offered = "system, backup_admin_system or KeyRenewal";

    public static RouteGroupBuilder MapKeystores(this RouteGroupBuilder api)
    {
        api.MapGet("/Keystores('{name}')", Get).WithName("CpiGetKeystore").WithSummary("Keystore properties ($expand=Entries)");
        api.MapGet("/Keystores('{name}')/Size/$value", Size).WithName("CpiKeystoreSize").WithSummary("The number of entries, as text");
        return api;
    }

    private static async Task<IResult> Get(string name, HttpRequest request, LiveTenantState state, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = ODataQuery.Parse(request.Query, "Entries");
        if (!query.Succeeded) return OData.Error(query.Error!);
        var kind = KeystoreNames.Resolve(name);
        var keystore = state.Current.Keystore;
        if (name.Length == 0 || KeystoreNames.Entries(kind, keystore) is not { } held) return KeystoreNames.Unknown(name, Offered);
        var entries = await KeystoreEntriesApi.AllAsync(held, state, request, time, cancellationToken);
        var root = ServiceRoot.Of(request);
        JsonNode entriesNode = query.Value!.Expand == "Entries"
            ? new JsonObject { ["results"] = new JsonArray([.. entries]) }
            : CpiEntities.Deferred($"{root}/Keystores('{name}')/Entries");
        var authors = await EntryAuthors.ReadAsync(state, cancellationToken);
        // The tenant keystore was last modified by its last change, the backup when it was made.
        (var lastModifiedBy, var lastModified) = kind switch
        {
            KeystoreKind.System => (authors.LastKeystoreChange()?.Who, keystore.Entries.IsEmpty ? (DateTimeOffset?)null : keystore.Entries.Values.Max(e => e.UpdatedAt)),
            KeystoreKind.Backup => (authors.LastBackup()?.Who, keystore.Backup.MadeAt),
            _ => (null, null),
        };
        var shaped = query.Value.Shape(CpiEntities.Keystore(name, entries.Count, lastModifiedBy, lastModified, entriesNode, root));
        return shaped.Succeeded ? OData.Entity(shaped.Value!) : OData.Error(shaped.Error!);
    }

    private static IResult Size(string name, LiveTenantState state) =>
        name.Length > 0 && KeystoreNames.Entries(KeystoreNames.Resolve(name), state.Current.Keystore) is { } held
            ? TypedResults.Text(held.Count.ToString(CultureInfo.InvariantCulture), "text/plain")
            : KeystoreNames.Unknown(name, Offered);
}
