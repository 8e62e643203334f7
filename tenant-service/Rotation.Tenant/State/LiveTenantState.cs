using Rotation.Tenant.Audit;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.State;

/// <summary>
/// The tenant state in force and its one writer (docs/DESIGN.md §4a). Readers take <see cref="Current"/> (an immutable
/// state, no lock). Every change, whichever part of the state it touches, goes through <see cref="ChangeAsync{T}"/>:
/// serialised, checked against If-Match and against the state it changes, audited, committed to the store and only
/// then published, so what signs is always what is stored.
/// </summary>
public sealed class LiveTenantState
{
    private readonly ITenantStateStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private TenantState _current;

    private LiveTenantState(ITenantStateStore store, TimeProvider time, TenantState current, StoreStatus status)
    {
        _store = store;
        _time = time;
        _current = current;
        Status = status;
    }

    /// <param name="status">
    /// For a store shared by several nodes: not caught up until the node's listener has checked the store once. Null: a
    /// store of this process alone, caught up once loaded.
    /// </param>
    public static async Task<LiveTenantState> LoadAsync(ITenantStateStore store, TenantState initial, TimeProvider time, StoreStatus? status = null, CancellationToken cancellationToken = default) =>
        new(store, time, await store.LoadAsync(initial, cancellationToken), status ?? StoreStatus.Local(time));

    /// <summary>Whether this node has caught up with its store and can reach it.</summary>
    public StoreStatus Status { get; }

    /// <summary>The published state. Read it once per unit of work.</summary>
    public TenantState Current => Volatile.Read(ref _current);

    public ITenantStateStore Store => _store;

    /// <summary>
    /// Applies <paramref name="apply"/> to the current state under the writer lock and commits the result as the next
    /// generation. A refusal from <paramref name="apply"/> or a stale <see cref="ChangeContext.ExpectedVersion"/>
    /// changes nothing. A change that alters nothing is not committed (the generation stays).
    /// </summary>
    public async Task<KeystoreResult<Committed<T>>> ChangeAsync<T>(ChangeContext change, Func<TenantState, KeystoreResult<(TenantState Next, T Value)>> apply, CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var before = Current;
            if (change.ExpectedVersion is { } expected && expected != before.Generation)
                return Stale(before.Generation, expected);
            var result = apply(before);
            if (!result.Succeeded) return result.Error!;
            var (next, value) = result.Value;
            var after = next with { Generation = before.Generation + 1 };
            var audit = ChangeAudit.Diff(before, after, change.Who, _time.GetUtcNow());
            if (audit.Count == 0) return new Committed<T>(value, before.Generation);
            // Once the store has it, the change must be published: do not let a cancelled request stop half-way.
            var outcome = await _store.CommitAsync(new StateCommit(before, after, audit), CancellationToken.None);
            if (outcome.UnavailableReason is { } reason)
            {
                Status.Unreachable(reason);
                return new KeystoreError(KeystoreErrorCode.StoreUnavailable,
                    $"the tenant's store cannot be reached ({reason}): the change was not made; this node keeps signing with generation {before.Generation}. Retry when the store is back (GET /health/ready)");
            }
            if (!outcome.Committed)
            {
                // Another writer of a shared store came first: take its state, and let the caller read and retry.
                Volatile.Write(ref _current, await _store.LoadAsync(before, CancellationToken.None));
                return Stale(outcome.Generation, before.Generation);
            }
            Volatile.Write(ref _current, after);
            return new Committed<T>(value, after.Generation);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Deploys what another node committed to a shared store: loads the stored state and publishes it when it is newer
    /// than <see cref="Current"/>. Returns the generation in force afterwards.
    /// </summary>
    public async Task<long> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var before = Current;
            var stored = await _store.LoadAsync(before, cancellationToken);
            if (stored.Generation > before.Generation) Volatile.Write(ref _current, stored);
            return Current.Generation;
        }
        finally
        {
            _writer.Release();
        }
    }

    private static KeystoreError Stale(long actual, long expected) => new(KeystoreErrorCode.PreconditionFailed,
        $"the tenant state is at generation {actual}, not {expected} (If-Match); read it again and retry");
}
