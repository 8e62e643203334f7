using System.Collections.Immutable;
using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Keystore;

/// <summary>
/// The keystore part of one tenant state (docs/DESIGN.md §4a): entries by alias, the key history and the backup keystore
/// (docs/DESIGN.md §9). The signer reads
/// one state per response; a change publishes a new state with one reference swap, so a response is signed wholly
/// with the old or the new key.
/// </summary>
public sealed class KeystoreSnapshot
{
    public static readonly StringComparer AliasComparer = StringComparer.OrdinalIgnoreCase;

    public KeystoreSnapshot(ImmutableDictionary<string, KeystoreEntry> entries, ImmutableList<KeyHistoryEntry> history, KeystoreBackup? backup = null)
    {
        Entries = entries.WithComparers(AliasComparer);
        History = history;
        Backup = backup ?? KeystoreBackup.None;
    }

    public static KeystoreSnapshot Empty { get; } = new(ImmutableDictionary<string, KeystoreEntry>.Empty, []);

    public ImmutableDictionary<string, KeystoreEntry> Entries { get; }
    public ImmutableList<KeyHistoryEntry> History { get; }

    /// <summary>The backup keystore; never signs, never verifies: it only holds entries to restore.</summary>
    public KeystoreBackup Backup { get; }

    public KeystoreEntry? Find(string alias) => Entries.GetValueOrDefault(alias);

    public SigningKey? SigningKeyFor(string alias) => Find(alias)?.SigningKey;

    public KeyHistoryEntry? FindHistory(string id) => History.Find(h => h.Id == id);

    /// <summary>The key pair with this certificate fingerprint, under an alias or in the key history.</summary>
    public SigningKey? SigningKeyByFingerprint(string fingerprint)
    {
        foreach (var entry in Entries.Values)
            if (entry.SigningKey is { } key && string.Equals(entry.Fingerprint, fingerprint, StringComparison.OrdinalIgnoreCase)) return key;
        foreach (var retired in History)
            if (string.Equals(retired.Fingerprint, fingerprint, StringComparison.OrdinalIgnoreCase)) return retired.SigningKey;
        return null;
    }
}
