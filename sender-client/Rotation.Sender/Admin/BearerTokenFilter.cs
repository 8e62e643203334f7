using Microsoft.AspNetCore.Http.HttpResults;

namespace Rotation.Sender.Admin;

/// <summary>Guards the admin groups: "Authorization: Bearer &lt;token&gt;" or 401 problem+json.</summary>
internal sealed class BearerTokenFilter(AdminToken token) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
        if (token.Matches(presented)) return await next(context).ConfigureAwait(false);
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: "the admin API needs 'Authorization: Bearer <token>' (ROTATION_ADMIN_TOKEN, or the admin-token file in the data directory)");
    }
}
