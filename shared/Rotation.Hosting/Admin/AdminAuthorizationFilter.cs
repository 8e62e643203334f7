using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rotation.Hosting.Problems;
using Rotation.Shared.Admin;

namespace Rotation.Hosting.Admin;

/// <summary>
/// Guards an admin group: a request without one of the <see cref="AdminToken"/>s gets 401 problem+json with the
/// Bearer challenge; an accepted one is recorded as who called (<see cref="AdminRequest.Who"/>), and every change
/// writes one console line naming its caller and outcome.
/// </summary>
public sealed class AdminAuthorizationFilter(AdminToken token, AdminRealm realm, AdminRequest request, ILogger<AdminAuthorizationFilter> log) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
        if (token.NameOf(presented) is not { } who) return AdminProblems.Unauthorized(http, realm.Realm, realm.UnauthorizedDetail);
        request.Who = who;
        var result = await next(context).ConfigureAwait(false);
        if (AdminChangeLine.IsChange(http.Request.Method))
            log.LogInformation("{Change}", AdminChangeLine.Describe(who, http.Request.Method, http.Request.Path, StatusOf(result, http)));
        return result;
    }

    private static int StatusOf(object? result, HttpContext http) =>
        ((result as INestedHttpResult)?.Result ?? result) is IStatusCodeHttpResult { StatusCode: { } status } ? status : http.Response.StatusCode;
}
