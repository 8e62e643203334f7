using System.Security.Cryptography;
using System.Text;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// The platform's CSRF protection: a GET with <c>X-CSRF-Token: Fetch</c> opens a session (cookie) for the
/// authenticated client and hands out its token; a modifying call must bring the cookie, the same client and the
/// token. Sessions expire on the injected clock.
/// </summary>
public sealed class CsrfSessions(TimeProvider time)
{
    public const string Header = "X-CSRF-Token";
    public const string Cookie = "JSESSIONID";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private readonly ExpiringTokens<CsrfSession> _sessions = new(time);

    /// <summary>The session's token when <paramref name="sessionId"/> is a live session of this client; else a new session.</summary>
    public (string SessionId, string Token, bool Opened) Fetch(string client, string? sessionId)
    {
        if (_sessions.Find(sessionId) is { } live && live.Client == client) return (sessionId!, live.Token, false);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        (var id, _) = _sessions.Issue(new CsrfSession(client, token), Lifetime);
        return (id, token, true);
    }

    public bool Accepts(string client, string? sessionId, string? token) =>
        token is not null && _sessions.Find(sessionId) is { } live && live.Client == client &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(live.Token), Encoding.UTF8.GetBytes(token));

    private sealed record CsrfSession(string Client, string Token);
}
