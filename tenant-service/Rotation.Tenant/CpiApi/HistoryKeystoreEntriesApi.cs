using System.Text.Json.Nodes;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// <c>HistoryKeystoreEntries</c>: the key history. A history entry's key is the hex of its id (several retired key
/// pairs share an alias); <c>OriginalAlias</c> is the alias it was retired from.
/// </summary>
internal static class HistoryKeystoreEntriesApi
{
    public static RouteGroupBuilder MapHistoryKeystoreEntries(this RouteGroupBuilder api)
    {
        api.MapGet("/HistoryKeystoreEntries", List).WithName("CpiListHistory").WithSummary("The key history ($select, $filter)");
        api.MapGet("/HistoryKeystoreEntries('{hex}')", Get).WithName("CpiGetHistoryEntry").WithSummary("One key history entry");
        return api;
    }

    private static async Task<IResult> List(HttpRequest request, LiveTenantState state, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = ODataQuery.Parse(request.Query);
        if (!query.Succeeded) return OData.Error(query.Error!);
        var shaped = query.Value!.Apply(await AllAsync(request, state, time, cancellationToken));
        return shaped.Succeeded ? OData.Collection(shaped.Value!) : OData.Error(shaped.Error!);
    }

    private static async Task<IResult> Get(string hex, HttpRequest request, LiveTenantState state, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = ODataQuery.Parse(request.Query);
        if (!query.Succeeded) return OData.Error(query.Error!);
        var id = HexAlias.Decode(hex);
        if (!id.Succeeded) return OData.Error(id.Error!);
        var found = (await AllAsync(request, state, time, cancellationToken)).Find(e => e["Alias"]!.GetValue<string>() == id.Value);
        if (found is null) return OData.Error(new KeystoreError(KeystoreErrorCode.UnknownHistoryEntry, $"no key history entry '{id.Value}'"));
        var shaped = query.Value!.Shape(found);
        return shaped.Succeeded ? OData.Entity(shaped.Value!) : OData.Error(shaped.Error!);
    }

    /// <summary>In the order retired; ActivationSequenceNumber counts the key pairs retired from the same alias (1, 2, …).</summary>
    private static async Task<List<JsonObject>> AllAsync(HttpRequest request, LiveTenantState state, TimeProvider time, CancellationToken cancellationToken)
    {
        var authors = await EntryAuthors.ReadAsync(state, cancellationToken);
        var now = time.GetUtcNow();
        var root = ServiceRoot.Of(request);
        var sequence = new Dictionary<string, int>(KeystoreSnapshot.AliasComparer);
        var result = new List<JsonObject>();
        foreach (var retired in state.Current.Keystore.History.OrderBy(h => h.RetiredAt))
        {
            sequence[retired.Alias] = sequence.GetValueOrDefault(retired.Alias) + 1;
            result.Add(CpiEntities.HistoryEntry(retired, sequence[retired.Alias], authors, now, root));
        }
        return result;
    }
}
