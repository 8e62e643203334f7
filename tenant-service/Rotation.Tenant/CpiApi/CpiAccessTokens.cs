namespace Rotation.Tenant.CpiApi;

/// <summary>Short-lived bearer tokens of the client-credentials grant, each naming its client.</summary>
public sealed class CpiAccessTokens(TimeProvider time, TimeSpan lifetime)
{
    private readonly ExpiringTokens<string> _tokens = new(time);

    public TimeSpan Lifetime => lifetime;

    public (string Token, DateTimeOffset Expires) Issue(string clientId) => _tokens.Issue(clientId, lifetime);

    /// <summary>The client the token was issued to, while it lives.</summary>
    public string? ClientOf(string? token) => _tokens.Find(token);
}
