namespace Rotation.Drill.Admin;

/// <summary>
/// The sender profile as its admin API shows it (GET /admin/profile, docs/DESIGN.md §13): for cached-trust, the trust
/// revision the verifier uses next to the store's.
/// </summary>
public sealed record ProfileInfo(string Profile, string Kind, string Behaviour, double CacheLifetimeSeconds, long RevisionInEffect, long StoreRevision,
    DateTimeOffset? CacheLoadedAt, DateTimeOffset? CacheExpiresAt)
{
    public bool CachesTrust => string.Equals(Kind, "CachedTrust", StringComparison.OrdinalIgnoreCase);
    public bool FirstMatch => string.Equals(Kind, "FirstMatch", StringComparison.OrdinalIgnoreCase);
    public bool Strict => !CachesTrust && !FirstMatch;
    public TimeSpan CacheLifetime => TimeSpan.FromSeconds(CacheLifetimeSeconds);
}
