using System.Security.Cryptography;
using System.Text;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// Random bearer values (access tokens, CSRF sessions) that expire on the injected clock. Only digests are kept, so a
/// memory dump does not hand out live tokens. Bounded: expired values are dropped when a new one is issued, and past
/// the capacity the one closest to expiry goes.
/// </summary>
internal sealed class ExpiringTokens<T>(TimeProvider time, int capacity = 10_000) where T : class
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (T Value, DateTimeOffset Expires)> _live = new(StringComparer.Ordinal);

    public (string Token, DateTimeOffset Expires) Issue(T value, TimeSpan lifetime)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        lock (_lock)
        {
            foreach (var stale in _live.Where(t => t.Value.Expires <= now).Select(t => t.Key).ToList()) _live.Remove(stale);
            while (_live.Count >= capacity) _live.Remove(_live.MinBy(t => t.Value.Expires).Key);
            _live[Digest(token)] = (value, expires);
        }
        return (token, expires);
    }

    /// <summary>The value the token was issued for while it is not expired; else null.</summary>
    public T? Find(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        lock (_lock)
        {
            return _live.TryGetValue(Digest(token), out var live) && live.Expires > time.GetUtcNow() ? live.Value : null;
        }
    }

    private static string Digest(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
