using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// The system query options SAP's examples use: <c>$format=json</c>, <c>$select=A,B</c>, <c>$filter=A eq 'x' and B eq 'y'</c>
/// and <c>$expand</c> (where a resource offers it). Anything else starting with <c>$</c> is refused, not ignored.
/// </summary>
internal sealed partial class ODataQuery
{
    private ODataQuery(string[]? select, (string Field, string Value)[] filter, string? expand)
    {
        Select = select;
        Filter = filter;
        Expand = expand;
    }

    public string[]? Select { get; }
    public (string Field, string Value)[] Filter { get; }
    public string? Expand { get; }

    [GeneratedRegex(@"\G\s*([A-Za-z][A-Za-z0-9]*)\s+eq\s+'((?:[^']|'')*)'\s*(?:and\s+|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Comparison();

    public static KeystoreResult<ODataQuery> Parse(IQueryCollection query, params string[] expandable)
    {
        foreach (var key in query.Keys.Where(k => k.StartsWith('$')))
            if (key is not ("$format" or "$select" or "$filter" or "$expand"))
                return Invalid($"system query option {key} is not offered here; use $select, $filter or $expand");
        if (query["$format"].ToString() is { Length: > 0 } format && format != "json") return Invalid("$format must be json");
        var expand = query["$expand"].ToString() is { Length: > 0 } e ? e : null;
        if (expand is not null && !expandable.Contains(expand, StringComparer.Ordinal))
            return Invalid(expandable.Length == 0 ? "$expand is not offered here" : $"$expand can be {string.Join(", ", expandable)}");
        var select = query["$select"].ToString() is { Length: > 0 } s ? s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
        var filter = new List<(string, string)>();
        if (query["$filter"].ToString() is { Length: > 0 } text)
        {
            var position = 0;
            foreach (Match match in Comparison().Matches(text))
            {
                filter.Add((match.Groups[1].Value, match.Groups[2].Value.Replace("''", "'", StringComparison.Ordinal)));
                position = match.Index + match.Length;
            }
            if (filter.Count == 0 || position != text.Length)
                return Invalid("$filter offers Field eq 'value', joined by 'and' (e.g. Type eq 'Key Pair' and Owner eq 'Tenant')");
        }
        return new ODataQuery(select, [.. filter], expand);
    }

    /// <summary>The entities that pass <see cref="Filter"/>, reduced to <see cref="Select"/>; an unknown field is a refusal.</summary>
    public KeystoreResult<List<JsonObject>> Apply(IEnumerable<JsonObject> entities)
    {
        var result = new List<JsonObject>();
        foreach (var entity in entities)
        {
            var shaped = Shape(entity);
            if (!shaped.Succeeded) return shaped.Error!;
            var keep = true;
            foreach (var (field, value) in Filter)
            {
                if (!entity.ContainsKey(field)) return Invalid($"$filter names '{field}', which is not a property here");
                keep &= entity[field] is { } node && ValueText(node) == value;
            }
            if (keep) result.Add(shaped.Value!);
        }
        return result;
    }

    /// <summary>One entity reduced to <see cref="Select"/> (and its metadata).</summary>
    public KeystoreResult<JsonObject> Shape(JsonObject entity)
    {
        if (Select is null) return entity;
        var shaped = new JsonObject();
        if (entity["__metadata"] is { } metadata) shaped["__metadata"] = metadata.DeepClone();
        foreach (var field in Select)
        {
            if (!entity.TryGetPropertyValue(field, out var value)) return Invalid($"$select names '{field}', which is not a property here");
            shaped[field] = value?.DeepClone();
        }
        return shaped;
    }

    private static string ValueText(JsonNode node) => node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    private static KeystoreError Invalid(string message) => new(KeystoreErrorCode.InvalidRequest, message);
}
