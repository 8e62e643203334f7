using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Wcf;

/// <summary>
/// Signs the exact bytes of each outgoing request with whatever the source names right now (the shared signer of
/// docs/DESIGN.md §1, in the request direction: fresh Timestamp, Body and Timestamp signed). The source is read once
/// per request, so a key exchange takes effect on the next request and never splits one.
/// </summary>
public sealed class RequestSigning(IRequestSigningSource source, TimeProvider time)
{
    private readonly ResponseSigner _signer = new(time);

    /// <summary>The signed envelope, or null when signing is off (the request goes as written).</summary>
    public byte[]? Sign(ReadOnlySpan<byte> envelope) =>
        source.Current is { } signature ? _signer.Sign(envelope, signature.Key, signature.Settings) : null;
}
