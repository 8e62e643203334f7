using Rotation.Shared.Verification;

namespace Rotation.Sender.Wcf;

/// <summary>
/// Verifies raw response bytes against the trust source's current snapshot and hands the result to the
/// call that is waiting for it. One instance serves every call of a client; per-call state flows through
/// an AsyncLocal owned by this instance (no process-wide ambient state).
/// </summary>
/// <remarks>
/// The one AsyncLocal the services keep, on purpose: WCF calls the message encoder (and the HTTP message inspector)
/// from inside its channel stack, whose ReadMessage has no parameter a call could pass its own object through, so the
/// call's async flow is the only thread from the caller to the encoder. Admin changes, by contrast, carry their caller
/// explicitly (a <c>ChangeContext</c>; docs/DESIGN.md §7b).
/// </remarks>
public sealed class ResponseVerification(ITrustSource trust, VerificationPolicy policy, TimeProvider time, IKeyLookup? lookup = null)
{
    private readonly AsyncLocal<VerificationSink?> _currentCall = new();
    private VerifierForSet? _cached;

    public VerificationPolicy Policy => policy;

    /// <summary>Starts a call: results verified further down this async flow land in the returned sink.</summary>
    public VerificationSink BeginCall(VerificationSink? sink = null)
    {
        sink ??= new VerificationSink();
        _currentCall.Value = sink;
        return sink;
    }

    /// <summary>The node that answered the current call, read off the HTTP response before the encoder verifies its body.</summary>
    public void RecordNode(string node) => _currentCall.Value?.RecordNode(node);

    public VerificationResult Verify(ReadOnlySpan<byte> rawResponse)
    {
        var set = trust.Current;
        var result = VerifyOnce(VerifierFor(set), lookup, rawResponse);
        if (result.IsValid && result.Fingerprint is { } fingerprint) trust.RecordVerified(fingerprint);
        _currentCall.Value?.Record(result);
        return result;
    }

    /// <summary>One verification through <paramref name="lookup"/>: the live path and the admin API's verify share it.</summary>
    public static VerificationResult VerifyOnce(SignatureVerifier verifier, IKeyLookup? lookup, ReadOnlySpan<byte> response)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        if (lookup?.Substitute(response, verifier.Trust) is not { } substituted) return verifier.Verify(response);
        var result = verifier.Verify(substituted.Response);
        return result.IsValid ? result : VerificationResult.Rejected(result.Reason, $"{result.Message} ({substituted.Why})", result.KeyReference);
    }

    // A verifier per trust snapshot: reuse it while the snapshot is unchanged, replace it after a swap.
    private SignatureVerifier VerifierFor(TrustSet set)
    {
        var cached = Volatile.Read(ref _cached);
        if (cached is not null && ReferenceEquals(cached.Set, set)) return cached.Verifier;
        var fresh = new VerifierForSet(set, new SignatureVerifier(set, policy, time));
        Volatile.Write(ref _cached, fresh);
        return fresh.Verifier;
    }

    private sealed record VerifierForSet(TrustSet Set, SignatureVerifier Verifier);
}
