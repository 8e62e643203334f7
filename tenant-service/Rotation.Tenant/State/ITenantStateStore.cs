using Rotation.Tenant.Audit;

namespace Rotation.Tenant.State;

/// <summary>
/// Where the tenant state lives (docs/DESIGN.md §4a). Generation-based optimistic concurrency: a commit names the
/// state it was derived from and succeeds only while the store is still at that generation; the committed state's
/// generation is then the next one. The audit records of a change are committed with it. Implementations: the
/// data directory (<c>Persistence.FileTenantStateStore</c>); a database keeps the same contract
/// (<c>TenantStateStoreContract</c> in the tests).
/// </summary>
public interface ITenantStateStore
{
    /// <summary>
    /// The committed state; <paramref name="initial"/> when nothing was ever committed. Parts an older layout did not
    /// keep (the flow settings, a signer step never changed) come from <paramref name="initial"/>.
    /// </summary>
    Task<TenantState> LoadAsync(TenantState initial, CancellationToken cancellationToken);

    /// <summary>
    /// Commits <see cref="StateCommit.After"/> when the store is still at <see cref="StateCommit.Before"/>'s generation;
    /// otherwise nothing changes and the outcome names the generation the store is at.
    /// </summary>
    Task<CommitOutcome> CommitAsync(StateCommit commit, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="last"/> audit records, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(int last, CancellationToken cancellationToken);
}

/// <summary>One change: the state it was derived from, the state it makes (generation = before + 1) and its audit records.</summary>
public sealed record StateCommit
{
    public StateCommit(TenantState before, TenantState after, IReadOnlyList<AuditRecord> audit)
    {
        if (after.Generation != before.Generation + 1)
            throw new ArgumentException($"a commit goes from generation {before.Generation} to {before.Generation + 1}, not {after.Generation}", nameof(after));
        Before = before;
        After = after;
        Audit = audit;
    }

    public TenantState Before { get; }
    public TenantState After { get; }
    public IReadOnlyList<AuditRecord> Audit { get; }
}

/// <summary>
/// Committed (the store is now at <see cref="Generation"/>), a conflict (the store was at <see cref="Generation"/>, not
/// the expected one), or the store could not be reached (<see cref="UnavailableReason"/>; nothing is acknowledged).
/// </summary>
public readonly record struct CommitOutcome(bool Committed, long Generation)
{
    /// <summary>Why the store could not be reached; null when it answered.</summary>
    public string? UnavailableReason { get; init; }

    public static CommitOutcome Success(long generation) => new(true, generation);
    public static CommitOutcome Conflict(long storeGeneration) => new(false, storeGeneration);
    public static CommitOutcome Unavailable(string reason) => new(false, -1) { UnavailableReason = reason };
}
