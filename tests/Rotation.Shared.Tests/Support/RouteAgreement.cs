using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// Checks that a service's route class (TenantRoutes, SenderRoutes) and the live service agree: every admin operation
/// the service's OpenAPI document lists is built by a member of the class with the method its consumers call it with,
/// and every member's path is served with those methods. A route renamed on either side fails here, not in a drill.
/// Members are found by reflection, so a new one cannot be missed; functions are called with sample arguments and
/// compared with the document's templates, each {parameter} and the query string set aside. Linked into the tenant's
/// and the sender's tests.
/// </summary>
public static partial class RouteAgreement
{
    private const string Sample = "sample-argument";

    /// <summary>A value that must stay one path segment (or one query value): separators, a query, a fragment, a space.</summary>
    private const string Hostile = "a/b?c=d&e#f g%";

    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    public static void AssertAgree(Type routes, IReadOnlyDictionary<string, HttpMethod[]> methodsByMember, JsonElement openApi)
    {
        var members = Members(routes, Sample);
        var named = members.Select(m => m.Name).ToHashSet();
        Assert.True(named.SetEquals(methodsByMember.Keys),
            $"{routes.Name}'s members and the methods table differ: without methods [{string.Join(", ", named.Except(methodsByMember.Keys).Order())}], " +
            $"no such member [{string.Join(", ", methodsByMember.Keys.Except(named).Order())}]");

        var built = members
            .SelectMany(m => methodsByMember[m.Name].Select(method => (Operation: $"{method.Method} {Template(m.Path, Sample)}", m.Name)))
            .ToLookup(o => o.Operation, o => o.Name);
        var served = openApi.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name.StartsWith("/admin", StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => HttpMethods.Contains(operation.Name))
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {Template(path.Name, null)}"))
            .ToHashSet();

        var unbuilt = served.Where(s => !built.Contains(s)).Order().ToList();
        var unserved = built.Where(b => !served.Contains(b.Key)).Select(b => $"{b.Key} ({string.Join(", ", b)})").Order().ToList();
        Assert.True(unbuilt.Count == 0 && unserved.Count == 0,
            $"the service serves, but no {routes.Name} member builds: [{string.Join("; ", unbuilt)}]; " +
            $"{routes.Name} builds, but the service does not serve: [{string.Join("; ", unserved)}]");
    }

    /// <summary>Every function puts each argument it is given into one escaped path segment or query value.</summary>
    public static void AssertEscapes(Type routes)
    {
        var plain = Members(routes, Sample).ToDictionary(m => m.Name, m => m.Path);
        foreach (var (name, path, _) in Members(routes, Hostile).Where(m => m.IsFunction))
            Assert.True(Template(path, Uri.EscapeDataString(Hostile)) == Template(plain[name], Sample) && !path.Contains('#', StringComparison.Ordinal),
                $"{routes.Name}.{name} does not escape what it is given: {path}");
    }

    /// <summary>Every constant and every function of the class, the functions called with <paramref name="text"/> for each string.</summary>
    private static List<(string Name, string Path, bool IsFunction)> Members(Type routes, string text)
    {
        var constants = routes.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, Path: (string)f.GetRawConstantValue()!, IsFunction: false));
        var functions = routes.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.ReturnType == typeof(string))
            .Select(m => (m.Name, Path: (string)m.Invoke(null, [.. m.GetParameters().Select(p => Argument(m, p, text))])!, IsFunction: true));
        return [.. constants, .. functions];
    }

    private static object Argument(MethodInfo member, ParameterInfo parameter, string text)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (type == typeof(string)) return text;
        if (type == typeof(int)) return 1;
        if (type == typeof(TimeSpan)) return TimeSpan.FromSeconds(1);
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0)!;
        Assert.Fail($"{member.Name}({parameter.Name}): no sample argument for {parameter.ParameterType}; add one here");
        return null!;
    }

    /// <summary>
    /// The path as a template both sides can be compared by: no leading or trailing slash (routing ignores them), no query
    /// string, and each parameter (a document's {name}, or a segment that is the sample argument) as {}.
    /// </summary>
    private static string Template(string path, string? sample)
    {
        var segments = path.Split('?')[0].Trim('/').Split('/')
            .Select(s => s == sample || Parameter().IsMatch(s) ? "{}" : s);
        return string.Join('/', segments);
    }

    [GeneratedRegex(@"^\{[^}]+\}$")]
    private static partial Regex Parameter();
}
