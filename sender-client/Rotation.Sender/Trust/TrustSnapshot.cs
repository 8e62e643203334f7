using System.Collections.Immutable;
using Rotation.Shared.Verification;

namespace Rotation.Sender.Trust;

/// <summary>
/// What the sender trusts at one moment: the mode, the entries and the verifier-ready trust set built
/// from them. Immutable; the store replaces the whole snapshot in one reference swap.
/// </summary>
public sealed class TrustSnapshot
{
    public TrustSnapshot(TrustMode mode, long revision, ImmutableArray<TrustEntry> entries, DateTimeOffset changedAt)
    {
        Mode = mode;
        Revision = revision;
        Entries = entries;
        ChangedAt = changedAt;
        Set = new TrustSet(entries.Select(e => e.Certificate));
    }

    public TrustMode Mode { get; }
    /// <summary>Increases with every change; lets clients see that an exchange happened.</summary>
    public long Revision { get; }
    public ImmutableArray<TrustEntry> Entries { get; }
    public DateTimeOffset ChangedAt { get; }
    public TrustSet Set { get; }

    public TrustEntry? Find(string fingerprint) =>
        Entries.FirstOrDefault(e => string.Equals(e.Fingerprint, fingerprint, StringComparison.OrdinalIgnoreCase));
}
