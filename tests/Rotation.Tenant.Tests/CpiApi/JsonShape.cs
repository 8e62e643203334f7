using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>
/// Compares an answer with a fixture written from CPI-API.md's shapes, structurally and without the tenant's own
/// types. In a fixture, an object lists exactly the properties the answer has; <c>"&lt;string&gt;"</c>,
/// <c>"&lt;string?&gt;"</c>, <c>"&lt;number&gt;"</c>, <c>"&lt;date&gt;"</c> (<c>/Date(ms)/</c>), <c>"&lt;hex&gt;"</c>
/// (upper-case) and <c>"&lt;any&gt;"</c> match a kind of value; any other value must be equal; an array of one
/// element means "at least one element, each like this".
/// </summary>
public static partial class JsonShape
{
    [GeneratedRegex(@"^/Date\(-?\d+\)/$")]
    private static partial Regex Date();

    [GeneratedRegex("^[0-9A-F]+$")]
    private static partial Regex Hex();

    public static void AssertMatches(string fixture, string actual)
    {
        using var expected = JsonDocument.Parse(fixture);
        using var answer = JsonDocument.Parse(actual);
        var problems = new List<string>();
        Compare(expected.RootElement, answer.RootElement, "$", problems);
        Assert.True(problems.Count == 0, $"the answer does not have the fixture's shape:\n{string.Join("\n", problems)}\nanswer: {actual}");
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> problems)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual.ValueKind != JsonValueKind.Object) { problems.Add($"{path}: expected an object, got {actual.ValueKind}"); return; }
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToHashSet();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet();
                foreach (var missing in expectedNames.Except(actualNames)) problems.Add($"{path}.{missing}: missing");
                foreach (var extra in actualNames.Except(expectedNames)) problems.Add($"{path}.{extra}: not in the fixture");
                foreach (var property in expected.EnumerateObject())
                    if (actual.TryGetProperty(property.Name, out var value)) Compare(property.Value, value, $"{path}.{property.Name}", problems);
                return;
            case JsonValueKind.Array:
                if (actual.ValueKind != JsonValueKind.Array) { problems.Add($"{path}: expected an array, got {actual.ValueKind}"); return; }
                var each = expected.EnumerateArray().ToList();
                if (each.Count == 0) { if (actual.GetArrayLength() != 0) problems.Add($"{path}: expected an empty array"); return; }
                if (actual.GetArrayLength() == 0) problems.Add($"{path}: expected at least one element");
                var index = 0;
                foreach (var element in actual.EnumerateArray()) Compare(each[0], element, $"{path}[{index++}]", problems);
                return;
            case JsonValueKind.String:
                var pattern = expected.GetString()!;
                var ok = pattern switch
                {
                    "<any>" => true,
                    "<string>" => actual.ValueKind == JsonValueKind.String,
                    "<string?>" => actual.ValueKind is JsonValueKind.String or JsonValueKind.Null,
                    "<number>" => actual.ValueKind == JsonValueKind.Number,
                    "<date>" => actual.ValueKind == JsonValueKind.String && Date().IsMatch(actual.GetString()!),
                    "<hex>" => actual.ValueKind == JsonValueKind.String && Hex().IsMatch(actual.GetString()!),
                    _ => actual.ValueKind == JsonValueKind.String && actual.GetString() == pattern,
                };
                if (!ok) problems.Add($"{path}: expected {pattern}, got {actual.GetRawText()}");
                return;
            default:
                if (expected.GetRawText() != actual.GetRawText()) problems.Add($"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                return;
        }
    }
}
