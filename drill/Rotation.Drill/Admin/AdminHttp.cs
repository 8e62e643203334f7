using System.Net;

namespace Rotation.Drill.Admin;

/// <summary>The HTTP client every administrator's call goes through.</summary>
public static class AdminHttp
{
    /// <summary>
    /// An idle connection is dropped by the drill after a few seconds, before any load balancer drops it: a balancer that
    /// closes an idle keep-alive connection just as the drill reuses it ends the call with no answer (HAProxy's default
    /// keep-alive is its 10 s request timeout; a drill pauses longer than that between two procedures). Admin calls are
    /// few, so a fresh connection now and then costs nothing.
    /// </summary>
    public static readonly TimeSpan IdleConnectionTimeout = TimeSpan.FromSeconds(4);

    public static HttpClient Create(Uri? baseAddress = null, CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = IdleConnectionTimeout,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }
}
