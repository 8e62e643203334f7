namespace Rotation.Sender.Contracts;

/// <summary>What the sender trusts now: the mode, the pinned certificates and the CAs, at a revision.</summary>
public sealed record TrustStoreView(TrustMode Mode, long Revision, DateTimeOffset ChangedAt, IReadOnlyList<CertificateView> Certificates,
    IReadOnlyDictionary<string, long> VerifiedCounts)
{
    /// <summary>pinned, ca or both: what a signer's certificate is trusted by (docs/DESIGN.md §12).</summary>
    public string Basis { get; init; } = "pinned";
    /// <summary>The trusted CAs; a certificate that chains to one verifies without being pinned.</summary>
    public IReadOnlyList<CertificateView> Authorities { get; init; } = [];
    /// <summary>Whether revocation is checked (it is not), in words.</summary>
    public string Revocation { get; init; } = "";
}
