using Rotation.Sender.Contracts;

namespace Rotation.Drill.Admin;

/// <summary>What the drill asks of the sender profile (docs/DESIGN.md §13).</summary>
public static class ProfileViewFacts
{
    /// <summary>How long a cached-trust verifier keeps its copy of the trust store: how long the drill waits after a trust change.</summary>
    public static TimeSpan CacheLifetime(this ProfileView profile) => TimeSpan.FromSeconds(profile.CacheLifetimeSeconds);
}
