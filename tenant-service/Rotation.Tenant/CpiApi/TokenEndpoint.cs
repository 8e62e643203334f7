using System.Text.Json.Nodes;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// <c>POST /oauth/token</c>: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) of a service key's
/// <c>tokenurl</c>. Client credentials by HTTP Basic or as form fields; <c>grant_type</c> in the form or, as SAP's
/// examples write it, in the query. Errors are RFC 6749 §5.2 bodies.
/// </summary>
internal static class TokenEndpoint
{
    public const string Path = "/oauth/token";

    public static IEndpointRouteBuilder MapCpiTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, Issue).WithTags("Platform API (api/v1)").WithName("CpiToken")
            .WithSummary("OAuth 2.0 client-credentials token for /api/v1 (client id and secret from cpi-clients)").DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> Issue(HttpContext http, CpiClients clients, CpiAccessTokens tokens)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var grant = form?["grant_type"].ToString() is { Length: > 0 } inForm ? inForm : http.Request.Query["grant_type"].ToString();
        var basic = BasicCredentials.FromHeader(http.Request.Headers.Authorization.ToString());
        var client = clients.Authenticate(basic?.Id ?? form?["client_id"].ToString(), basic?.Secret ?? form?["client_secret"].ToString());
        if (client is null)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"rotation-tenant oauth\"";
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", "unknown client or wrong secret");
        }
        if (grant != "client_credentials")
            return Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", "only grant_type=client_credentials is offered");
        (var token, _) = tokens.Issue(client);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "bearer",
            ["expires_in"] = (long)tokens.Lifetime.TotalSeconds,
        });
    }

    private static IResult Error(int status, string error, string description) =>
        TypedResults.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);
}
