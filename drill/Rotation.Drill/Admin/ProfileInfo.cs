using Rotation.Sender.Contracts;

namespace Rotation.Drill.Admin;

/// <summary>
/// The sender profile as its admin API shows it (GET /admin/profile, docs/DESIGN.md §13): for cached-trust, the trust
/// revision the verifier uses next to the store's.
/// </summary>
public sealed record ProfileInfo(string Profile, SenderProfileKind Kind, string Behaviour, double CacheLifetimeSeconds, long RevisionInEffect, long StoreRevision,
    DateTimeOffset? CacheLoadedAt, DateTimeOffset? CacheExpiresAt)
{
    public bool CachesTrust => Kind == SenderProfileKind.CachedTrust;
    public bool FirstMatch => Kind == SenderProfileKind.FirstMatch;
    public bool Strict => !CachesTrust && !FirstMatch;
    public TimeSpan CacheLifetime => TimeSpan.FromSeconds(CacheLifetimeSeconds);
}
