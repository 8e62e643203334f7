using System.Collections.Immutable;
using Rotation.Shared.Verification;

namespace Rotation.Sender.Trust;

/// <summary>
/// What the sender trusts at one moment: the mode, the entries and the verifier-ready trust set built
/// from them. Immutable; the store replaces the whole snapshot in one reference swap.
/// </summary>
public sealed class TrustSnapshot
{
    public TrustSnapshot(TrustMode mode, long revision, ImmutableArray<TrustEntry> entries, DateTimeOffset changedAt, ImmutableArray<TrustEntry> authorities = default)
    {
        Mode = mode;
        Revision = revision;
        Entries = entries;
        ChangedAt = changedAt;
        Authorities = authorities.IsDefault ? [] : authorities;
        Set = new TrustSet(entries.Select(e => e.Certificate), new CertificateAuthorities(Authorities.Select(a => a.Certificate)));
    }

    public TrustMode Mode { get; }
    /// <summary>Increases with every change; lets clients see that an exchange happened.</summary>
    public long Revision { get; }
    public ImmutableArray<TrustEntry> Entries { get; }
    public DateTimeOffset ChangedAt { get; }
    public TrustSet Set { get; }

    /// <summary>The trusted CAs (docs/DESIGN.md §12): a certificate that chains to one is trusted without being pinned.</summary>
    public ImmutableArray<TrustEntry> Authorities { get; }

    public TrustBasis Basis => Authorities.IsEmpty ? TrustBasis.Pinned : Entries.IsEmpty ? TrustBasis.Ca : TrustBasis.Both;

    public TrustEntry? FindAuthority(string fingerprint) =>
        Authorities.FirstOrDefault(e => string.Equals(e.Fingerprint, fingerprint, StringComparison.OrdinalIgnoreCase));

    public TrustEntry? Find(string fingerprint) =>
        Entries.FirstOrDefault(e => string.Equals(e.Fingerprint, fingerprint, StringComparison.OrdinalIgnoreCase));
}
