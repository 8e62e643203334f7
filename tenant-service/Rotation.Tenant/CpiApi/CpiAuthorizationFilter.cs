using System.Net.Http.Headers;
using System.Text;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// Every call of <c>/api/v1</c>: HTTP Basic with a client's id and secret, or a bearer token from <c>/oauth/token</c>;
/// a GET with <c>X-CSRF-Token: Fetch</c> gets the session's CSRF token; a modifying call without a valid one gets 403
/// with <c>X-CSRF-Token: Required</c>. Refusals are OData error bodies.
/// </summary>
internal sealed class CpiAuthorizationFilter(CpiClients clients, CpiAccessTokens tokens, CsrfSessions csrf, CpiRequest request) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (Authenticate(http.Request.Headers.Authorization.ToString()) is not { } client)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"rotation-tenant api/v1\", Bearer";
            return OData.Error(StatusCodes.Status401Unauthorized, "Unauthorized",
                clients.IsEmpty
                    ? "no API clients are configured on this tenant (cpi-clients / ROTATION_CPI_CLIENTS)"
                    : "authenticate with HTTP Basic (client id and secret) or 'Authorization: Bearer <token>' from POST /oauth/token");
        }
        request.Client = client;

        var session = http.Request.Cookies[CsrfSessions.Cookie];
        var presented = http.Request.Headers[CsrfSessions.Header].ToString();
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            if (presented.Equals("Fetch", StringComparison.OrdinalIgnoreCase))
            {
                (var id, var token, var opened) = csrf.Fetch(client, session);
                http.Response.Headers[CsrfSessions.Header] = token;
                if (opened) http.Response.Cookies.Append(CsrfSessions.Cookie, id, new CookieOptions { HttpOnly = true, Path = "/api/v1", SameSite = SameSiteMode.Strict });
            }
            return await next(context);
        }
        if (!csrf.Accepts(client, session, presented))
        {
            http.Response.Headers[CsrfSessions.Header] = "Required";
            return OData.Error(StatusCodes.Status403Forbidden, "CsrfTokenRequired",
                "modifying calls need the X-CSRF-Token of this session: GET /api/v1/ with 'X-CSRF-Token: Fetch' first and send its cookie and token");
        }
        return await next(context);
    }

    private string? Authenticate(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is null) return null;
        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return tokens.ClientOf(value.Parameter);
        return value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && BasicCredentials.TryParse(value.Parameter) is { } basic
            ? clients.Authenticate(basic.Id, basic.Secret)
            : null;
    }
}

/// <summary>The id and secret of an HTTP Basic parameter (base64 of "id:secret").</summary>
internal sealed record BasicCredentials(string Id, string Secret)
{
    public static BasicCredentials? TryParse(string parameter)
    {
        var bytes = new byte[parameter.Length];
        if (!Convert.TryFromBase64String(parameter, bytes, out var length)) return null;
        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? new BasicCredentials(text[..colon], text[(colon + 1)..]) : null;
    }

    public static BasicCredentials? FromHeader(string header) =>
        AuthenticationHeaderValue.TryParse(header, out var value) && value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && value.Parameter is { } parameter
            ? TryParse(parameter)
            : null;
}
