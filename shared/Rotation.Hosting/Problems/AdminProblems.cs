using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Rotation.Hosting.Problems;

/// <summary>
/// The admin APIs' error contract: application/problem+json with a stable <c>code</c>, a <c>type</c> derived from it
/// (https://rotation.example/problems/unknown-alias), a title, and a detail capped in length.
/// </summary>
public static class AdminProblems
{
    /// <summary>Details quote what the caller sent: capped, so a 5 MB field is not answered with 5 MB.</summary>
    public const int MaxDetailLength = 512;

    public const string InvalidRequest = nameof(InvalidRequest);

    public static ProblemHttpResult Create(int status, string code, string detail) => TypedResults.Problem(
        title: Title(code),
        detail: detail.Length <= MaxDetailLength ? detail : string.Concat(detail.AsSpan(0, MaxDetailLength), "… (truncated)"),
        statusCode: status,
        type: $"https://rotation.example/problems/{Kebab(code)}",
        extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult Invalid(string detail) => Create(StatusCodes.Status400BadRequest, InvalidRequest, detail);

    /// <summary>401 with the WWW-Authenticate challenge; <paramref name="detail"/> says where the token comes from.</summary>
    public static ProblemHttpResult Unauthorized(HttpContext http, string realm, string detail)
    {
        http.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{realm}\"";
        return Create(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    private static string Title(string code) => string.Concat(code.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    private static string Kebab(string code) => string.Concat(code.Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
