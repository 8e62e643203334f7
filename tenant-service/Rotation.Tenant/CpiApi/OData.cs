using System.Globalization;
using System.Text.Json.Nodes;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.CpiApi;

/// <summary>OData V2 JSON as the platform writes it: <c>{"d": {...}}</c>, <c>{"d": {"results": [...]}}</c>, <c>/Date(ms)/</c>, error bodies.</summary>
internal static class OData
{
    public static IResult Entity(JsonObject entity, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(new JsonObject { ["d"] = entity }, statusCode: status);

    public static IResult Collection(IEnumerable<JsonObject> entities, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(new JsonObject { ["d"] = new JsonObject { ["results"] = new JsonArray([.. entities]) } }, statusCode: status);

    public static string Date(DateTimeOffset at) => string.Create(CultureInfo.InvariantCulture, $"/Date({at.ToUnixTimeMilliseconds()})/");

    public static DateTimeOffset? ParseDate(string? text) =>
        text is { Length: > 8 } && text.StartsWith("/Date(", StringComparison.Ordinal) && text.EndsWith(")/", StringComparison.Ordinal)
        && long.TryParse(text.AsSpan(6, text.Length - 8), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
        && ms is >= -62135596800000 and <= 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    /// <summary><c>{"error": {"code": …, "message": {"lang": "en", "value": …}}}</c>.</summary>
    public static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = new JsonObject { ["lang"] = "en", ["value"] = message.Length <= 512 ? message : string.Concat(message.AsSpan(0, 512), "… (truncated)") },
            },
        }, statusCode: status);

    public static IResult Error(KeystoreError error) => Error(Admin.Problems.StatusFor(error.Code), error.Code.ToString(), error.Message);

    public static IResult Invalid(string message) => Error(StatusCodes.Status400BadRequest, nameof(KeystoreErrorCode.InvalidRequest), message);
}
