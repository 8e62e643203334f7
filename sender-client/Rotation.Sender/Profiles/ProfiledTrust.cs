using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;
using Rotation.Shared.Verification;

namespace Rotation.Sender.Profiles;

/// <summary>
/// The trust the verifier sees through the sender profile in force (docs/DESIGN.md §13), a layer around the trust store:
/// strict passes the store's snapshot through; cached-trust keeps the snapshot it loaded until its lifetime has passed on
/// the injected clock (a restart, or a change of profile, loads afresh); first-match also looks certificates up by subject
/// or issuer. The store itself — and what its admin API shows — always holds the latest change.
/// </summary>
public sealed class ProfiledTrust : ITrustSource, IKeyLookup
{
    private readonly TrustStore _store;
    private readonly TimeProvider _time;
    private readonly FirstMatchLookup _firstMatch;
    private readonly Lock _reload = new();
    private State _state;

    public ProfiledTrust(TrustStore store, SenderProfile profile, VerificationPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(profile);
        _store = store;
        _time = time;
        _firstMatch = new FirstMatchLookup(policy);
        _state = Load(profile);
    }

    public SenderProfile Profile => Volatile.Read(ref _state).Profile;

    /// <summary>The snapshot the verifier uses now: the store's, or the cached one while it lives.</summary>
    public TrustSnapshot InEffect
    {
        get
        {
            var state = Volatile.Read(ref _state);
            return state.Profile.Kind == SenderProfileKind.CachedTrust ? Fresh(state).Snapshot : _store.Current;
        }
    }

    TrustSet ITrustSource.Current => InEffect.Set;

    public void RecordVerified(string fingerprint) => _store.RecordVerified(fingerprint);

    /// <summary>Switches the profile; a cached-trust profile loads the store now, as the sender would at start.</summary>
    public void Set(SenderProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        lock (_reload) Volatile.Write(ref _state, Load(profile));
    }

    /// <summary>When the cached copy was loaded and when it expires (null unless cached-trust).</summary>
    public (DateTimeOffset LoadedAt, DateTimeOffset ExpiresAt)? Cache
    {
        get
        {
            var state = Volatile.Read(ref _state);
            if (state.Profile.Kind != SenderProfileKind.CachedTrust) return null;
            state = Fresh(state);
            return (state.LoadedAt, state.LoadedAt + state.Profile.CacheLifetime);
        }
    }

    public KeySubstitution? Substitute(ReadOnlySpan<byte> response, TrustSet trust) =>
        Profile.Kind == SenderProfileKind.FirstMatch ? _firstMatch.Substitute(response, trust) : null;

    /// <summary>The cached state, reloaded from the store once its lifetime has passed.</summary>
    private State Fresh(State state)
    {
        if (_time.GetUtcNow() < state.LoadedAt + state.Profile.CacheLifetime) return state;
        lock (_reload)
        {
            state = Volatile.Read(ref _state);
            if (state.Profile.Kind == SenderProfileKind.CachedTrust && _time.GetUtcNow() >= state.LoadedAt + state.Profile.CacheLifetime)
                Volatile.Write(ref _state, state = Load(state.Profile));
            return state;
        }
    }

    private State Load(SenderProfile profile) => new(profile, _store.Current, _time.GetUtcNow());

    private sealed record State(SenderProfile Profile, TrustSnapshot Snapshot, DateTimeOffset LoadedAt);
}
