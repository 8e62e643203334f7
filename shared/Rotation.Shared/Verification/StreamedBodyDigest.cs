using System.Security.Cryptography;
using Rotation.Shared.Canonicalization;

namespace Rotation.Shared.Verification;

/// <summary>
/// The digest of the Body computed while it streamed, for the one reference that covers it, and what authenticated
/// SignedInfo before the Body started (docs/DESIGN.md §3). Empty when SignedInfo did not verify then.
/// </summary>
internal sealed class StreamedBodyDigest : IDisposable
{
    private Utf8Sink? _sink;

    public Authenticated? Authenticated { get; private set; }

    /// <summary>The index of the reference the digest is for; -1 when the Body was not digested.</summary>
    public int Reference { get; private set; } = -1;

    /// <summary>Starts the digest for reference <paramref name="reference"/>; the Body's canonical form goes to the returned sink.</summary>
    public Utf8Sink Start(Authenticated authenticated, int reference, HashAlgorithmName algorithm)
    {
        Authenticated = authenticated;
        Reference = reference;
        return _sink = new Utf8Sink(algorithm);
    }

    public int GetDigest(Span<byte> destination) =>
        (_sink ?? throw new InvalidOperationException("the Body was not digested")).GetHashAndReset(destination);

    public void Dispose() => _sink?.Dispose();
}
