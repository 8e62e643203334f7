using Rotation.Hosting.Problems;

namespace Rotation.Sender.Admin;

/// <summary>Guards the admin groups: "Authorization: Bearer &lt;token&gt;" or 401 problem+json.</summary>
internal sealed class BearerTokenFilter(AdminToken token, AdminCaller caller, Trust.TrustStore trust, Keys.SenderKeystore keystore, ILogger log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
        if (token.NameOf(presented) is { } who)
        {
            var http = context.HttpContext;
            caller.Current = new CallerContext(who, IfMatch(http.Request));
            var result = await next(context).ConfigureAwait(false);
            // The trust store's revision is its version: reads and changes answer with it, changes may send it back in If-Match.
            if (http.Request.Path.StartsWithSegments("/admin/trust") && !http.Response.HasStarted)
                http.Response.Headers.ETag = $"\"{trust.Current.Revision}\"";
            // Likewise the keystore's revision for /admin/keystore: each store has its own version.
            if (http.Request.Path.StartsWithSegments("/admin/keystore") && !http.Response.HasStarted)
                http.Response.Headers.ETag = $"\"{keystore.Current.Revision}\"";
            if (Rotation.Shared.Admin.AdminChangeLine.IsChange(http.Request.Method))
                log.LogInformation("{Change}", Rotation.Shared.Admin.AdminChangeLine.Describe(who, http.Request.Method, http.Request.Path,
                    ((result as INestedHttpResult)?.Result ?? result) is IStatusCodeHttpResult { StatusCode: { } status } ? status : http.Response.StatusCode));
            return result;
        }
        return AdminProblems.Unauthorized(context.HttpContext, "rotation-sender",
            "the admin API needs 'Authorization: Bearer <token>' (--admin-token, ROTATION_ADMIN_TOKEN, or the admin-token file in the data directory)");
    }

    /// <summary>The revision a change expects (If-Match: "7"); null for reads, no header or "*"; -1 when unreadable, which never matches.</summary>
    private static long? IfMatch(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return null;
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0 || value == "*") return null;
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return long.TryParse(value.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var revision) ? revision : -1;
    }
}
