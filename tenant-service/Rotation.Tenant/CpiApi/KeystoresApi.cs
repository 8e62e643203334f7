using System.Globalization;
using System.Text.Json.Nodes;
using Rotation.Tenant.State;

namespace Rotation.Tenant.CpiApi;

/// <summary><c>Keystores('system')</c> (<c>$expand=Entries</c>) and <c>Keystores('system')/Size/$value</c>.</summary>
internal static class KeystoresApi
{
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
        if (kind is not (KeystoreKind.System or KeystoreKind.Empty) || name.Length == 0) return KeystoreNames.Unknown(name, "system or KeyRenewal");
        var entries = kind == KeystoreKind.System ? await KeystoreEntriesApi.AllAsync(state, request, time, cancellationToken) : [];
        var root = ServiceRoot.Of(request);
        JsonNode entriesNode = query.Value!.Expand == "Entries"
            ? new JsonObject { ["results"] = new JsonArray([.. entries]) }
            : CpiEntities.Deferred($"{root}/Keystores('{name}')/Entries");
        var lastModified = kind == KeystoreKind.System && !state.Current.Keystore.Entries.IsEmpty ? state.Current.Keystore.Entries.Values.Max(e => e.UpdatedAt) : (DateTimeOffset?)null;
        var authors = await EntryAuthors.ReadAsync(state, cancellationToken);
        var shaped = query.Value.Shape(CpiEntities.Keystore(name, entries.Count, authors, lastModified, entriesNode, root));
        return shaped.Succeeded ? OData.Entity(shaped.Value!) : OData.Error(shaped.Error!);
    }

    private static IResult Size(string name, LiveTenantState state) => KeystoreNames.Resolve(name) switch
    {
        KeystoreKind.System when name.Length > 0 => TypedResults.Text(state.Current.Keystore.Entries.Count.ToString(CultureInfo.InvariantCulture), "text/plain"),
        KeystoreKind.Empty => TypedResults.Text("0", "text/plain"),
        _ => KeystoreNames.Unknown(name, "system or KeyRenewal"),
    };
}
