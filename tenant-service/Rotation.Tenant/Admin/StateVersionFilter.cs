using System.Globalization;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>
/// For the endpoint groups that read or change the tenant state (keystore, key history, signer step, flow): the
/// state's generation is their version. A change may send it back in If-Match and is refused with 412 when another
/// change came first (checked at the commit point); every answer carries the generation it reflects as its ETag.
/// </summary>
internal sealed class StateVersionFilter(AdminRequest request, LiveTenantState state) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        request.ExpectedGeneration = IfMatch(http.Request);
        var result = await next(context);
        if (!http.Response.HasStarted)
            http.Response.Headers.ETag = $"\"{(request.Generation ?? state.Current.Generation).ToString(CultureInfo.InvariantCulture)}\"";
        return result;
    }

    /// <summary>The generation a change expects (If-Match: "12"); null for reads, no header or "*"; -1 when unreadable, which never matches.</summary>
    private static long? IfMatch(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return null;
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0 || value == "*") return null;
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return long.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var generation) ? generation : -1;
    }
}

internal static class StateVersioning
{
    /// <summary>Marks a group as versioned by the tenant state's generation (ETag, If-Match).</summary>
    public static RouteGroupBuilder VersionedByState(this RouteGroupBuilder group) => group.AddEndpointFilter<StateVersionFilter>();
}
