using Rotation.Drill.Admin;
using Rotation.Drill.Running;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Procedures;

/// <summary>
/// What a careful sender administrator adds to a procedure for the sender profile in force (docs/DESIGN.md §13): with
/// cached-trust, after every step that changes the trust store, a wait until the cached copy has been reloaded, checked
/// on the sender before anyone relies on the change. Strict and first-match add nothing (first-match has no wait that helps).
/// </summary>
public static class ProfileSteps
{
    public const string WaitSentence = "Wait until the sender applies the trust change (its trust store is cached).";

    public static IReadOnlyList<DrillStep> Apply(IReadOnlyList<DrillStep> steps, ProfileView? profile)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (profile is not { Kind: SenderProfileKind.CachedTrust }) return steps;
        return steps.SelectMany(step => step.ChangesTrust ? [step, WaitForTrustCache()] : new[] { step }).ToList();
    }

    /// <summary>Waits the cache lifetime from the trust change, then checks that the verifier uses the store's latest revision.</summary>
    public static DrillStep WaitForTrustCache() => new(Role.SenderAdministrator, WaitSentence, async (c, ct) =>
    {
        var lifetime = c.SenderProfile?.CacheLifetime() ?? TimeSpan.Zero;
        var changedAt = c.TrustChangedAt ?? c.Time.GetUtcNow();
        var until = changedAt + lifetime;
        var remaining = until - c.Time.GetUtcNow();
        await c.Time.UntilAsync(until, ct);
        var profile = await c.Sender.ProfileAsync(ct);
        if (profile.RevisionInEffect != profile.StoreRevision)
            throw new StepCheckFailed($"{lifetime.TotalSeconds:0.###} s after the change the sender still verifies with trust revision {profile.RevisionInEffect}, its store is at {profile.StoreRevision}");
        return $"waited {Math.Max(0, remaining.TotalSeconds):0.###} s ({profile.Profile}: {lifetime.TotalSeconds:0.###} s after the change); the sender verifies with trust revision {profile.RevisionInEffect}, its store's latest";
    });
}
