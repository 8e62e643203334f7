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

/// <summary>Rejects admin calls without the bearer token with 401 problem+json; records who called for the handlers and logs one line per change.</summary>
internal sealed class AdminAuthorizationFilter(AdminToken token, AdminRequest request, ILogger<AdminAuthorizationFilter> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (token.NameOf(presented) is { } who)
        {
            request.Who = who;
            var http = context.HttpContext;
            var result = await next(context);
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
}
