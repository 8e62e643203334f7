namespace Rotation.Sender.Contracts;

/// <summary>
/// The profile, what it does, and for cached-trust the cached copy: the trust store revision it holds next to the
/// store's own, when it was loaded and when it expires.
/// </summary>
public sealed record ProfileView(string Profile, SenderProfileKind Kind, string Behaviour, double CacheLifetimeSeconds,
    long RevisionInEffect, long StoreRevision, DateTimeOffset? CacheLoadedAt, DateTimeOffset? CacheExpiresAt);
