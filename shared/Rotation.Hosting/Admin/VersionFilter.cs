using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Rotation.Hosting.Admin;

/// <summary>
/// For an endpoint group whose state has a version (the tenant's generation, the sender's trust store or keystore
/// revision): a change may send the version it saw in If-Match, which the handler passes on in its change context and
/// the state checks at its commit point; every answer carries the version it reflects as its ETag.
/// </summary>
public static class VersionFilter
{
    /// <summary>Versions <paramref name="group"/> by <paramref name="current"/> of the state <typeparamref name="TState"/> (from DI).</summary>
    public static RouteGroupBuilder VersionedBy<TState>(this RouteGroupBuilder group, Func<TState, long> current) where TState : notnull =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var request = http.RequestServices.GetRequiredService<AdminRequest>();
            request.ExpectedVersion = IfMatch(http.Request);
            var result = await next(context).ConfigureAwait(false);
            if (!http.Response.HasStarted)
            {
                var version = request.Version ?? current(http.RequestServices.GetRequiredService<TState>());
                http.Response.Headers.ETag = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
            }
            return result;
        });

    /// <summary>The version a change expects (If-Match: "12"); null for reads, no header or "*"; -1 when unreadable, which never matches.</summary>
    public static long? IfMatch(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return null;
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0 || value == "*") return null;
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return long.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;
    }
}
