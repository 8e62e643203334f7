using Rotation.Shared.Verification;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Inbound;

/// <summary>
/// Verifies a request's exact bytes with the shared verifier (docs/DESIGN.md §3) against the certificates under the
/// flow's public key aliases in one tenant state (docs/DESIGN.md §10). The trust set is built once per keystore and
/// settings and kept until either changes, so a request pays for the verification alone; a new state (an import, an
/// alias added to the list) is seen by the next request, like a new signing key.
/// </summary>
public sealed class InboundVerifier(TimeProvider time)
{
    private sealed record Trust(KeystoreSnapshot Keystore, InboundVerification Settings, SignatureVerifier Verifier, IReadOnlyDictionary<string, string> AliasByFingerprint);

    private Trust? _last;

    public InboundOutcome Verify(TenantState state, ReadOnlySpan<byte> request)
    {
        var settings = state.Flow.Inbound;
        if (!settings.IsRequired) return InboundOutcome.NotChecked;
        var trust = TrustFor(state.Keystore, settings);
        var result = trust.Verifier.Verify(request);
        return result.IsValid
            ? InboundOutcome.Verified(trust.AliasByFingerprint[result.Fingerprint!], result.Fingerprint!)
            : InboundOutcome.Rejected(result.Reason, result.Message);
    }

    /// <summary>The certificates under the listed aliases that hold one, in list order (an alias not imported yet adds nothing).</summary>
    public static IEnumerable<KeystoreEntry> AllowedEntries(KeystoreSnapshot keystore, InboundVerification settings) =>
        settings.PublicKeyAliases.Select(keystore.Find).OfType<KeystoreEntry>();

    private Trust TrustFor(KeystoreSnapshot keystore, InboundVerification settings)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && ReferenceEquals(last.Keystore, keystore) && ReferenceEquals(last.Settings, settings)) return last;
        var entries = AllowedEntries(keystore, settings).ToList();
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        // One certificate under two listed aliases is named by the first.
        foreach (var entry in entries) aliases.TryAdd(entry.Fingerprint, entry.Alias);
        var built = new Trust(keystore, settings, new SignatureVerifier(new TrustSet(entries.Select(e => e.Certificate)), VerificationPolicy.Default, time), aliases);
        Volatile.Write(ref _last, built);
        return built;
    }
}
