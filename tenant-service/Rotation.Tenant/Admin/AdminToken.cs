using Rotation.Shared.Admin;

namespace Rotation.Tenant.Admin;

/// <summary>
/// The bearer tokens admin calls need: the service's own ("admin") and any named ones (--admin-tokens), each
/// compared in constant time; the name is who the audit trail records.
/// </summary>
public sealed class AdminToken
{
    private readonly NamedAdminTokens _tokens;

    public AdminToken(string token, string? storedAt, IReadOnlyDictionary<string, string>? named = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        Value = token;
        StoredAt = storedAt;
        _tokens = new NamedAdminTokens(token, named);
    }

    public string Value { get; }

    /// <summary>The file the generated token was stored in; null when it came from configuration.</summary>
    public string? StoredAt { get; }

    public IReadOnlyList<string> Names => _tokens.Names;

    /// <summary>Who presented this token ("admin" or a named token's name); null when it is none of them.</summary>
    public string? NameOf(string? presented) => _tokens.NameOf(presented);
}

/// <summary>Rejects admin calls without the bearer token with 401 problem+json.</summary>
internal sealed class AdminAuthorizationFilter(AdminToken token, Audit.AdminCaller caller, Keystore.TenantKeystore keystore, ILogger<AdminAuthorizationFilter> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (token.NameOf(presented) is { } who)
        {
            var http = context.HttpContext;
            caller.Current = new Audit.CallerContext(who, IfMatch(http.Request));
            var result = await next(context);
            // The keystore's generation is its version: GETs and changes answer with it, changes may send it back in If-Match.
            if (http.Request.Path.StartsWithSegments("/admin/keystore") && !http.Response.HasStarted)
                http.Response.Headers.ETag = $"\"{keystore.Current.Generation}\"";
            if (Rotation.Shared.Admin.AdminChangeLine.IsChange(http.Request.Method))
                log.LogInformation("{Change}", Rotation.Shared.Admin.AdminChangeLine.Describe(who, http.Request.Method, http.Request.Path,
                    ((result as INestedHttpResult)?.Result ?? result) is IStatusCodeHttpResult { StatusCode: { } status } ? status : http.Response.StatusCode));
            return result;
        }
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"rotation-tenant\"";
        return TypedResults.Problem(
            title: "Unauthorized",
            detail: "admin calls need 'Authorization: Bearer <token>' (ROTATION_ADMIN_TOKEN, or the generated token file in the data directory)",
            statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>The generation a change expects (If-Match: "12"); null for reads, no header or "*"; -1 when unreadable, which never matches.</summary>
    private static long? IfMatch(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return null;
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0 || value == "*") return null;
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return long.TryParse(value.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var generation) ? generation : -1;
    }
}
