using Rotation.Shared.Verification;

namespace Rotation.Sender.Wcf;

/// <summary>
/// How the verifier picks the trusted certificate, when that is not by exact encoding: a behaviour seen in real
/// senders (docs/DESIGN.md §13). It answers with the response as the verifier must see it so that it checks the
/// signature with the certificate this lookup chose, or null when the strict lookup would choose the same one.
/// </summary>
public interface IKeyLookup
{
    KeySubstitution? Substitute(ReadOnlySpan<byte> response, TrustSet trust);
}

/// <summary>The response rewritten to name <paramref name="ChosenFingerprint"/>, and in words why it was chosen.</summary>
public sealed record KeySubstitution(byte[] Response, string ChosenFingerprint, string Why);
