using System.Collections.Immutable;

namespace Rotation.Tenant.Keystore;

/// <summary>
/// The platform's backup keystore (<c>backup_admin_system</c>, "Backup" in its UI; docs/DESIGN.md §9): a copy of the
/// tenant keystore's entries as they were when it was made, key pairs with their private keys. Each backup replaces
/// the previous one. Part of the tenant state, so it is stored, versioned and audited with everything else, and its
/// private keys are kept at rest exactly as the keystore's own.
/// </summary>
public sealed class KeystoreBackup
{
    public KeystoreBackup(ImmutableDictionary<string, KeystoreEntry> entries, DateTimeOffset? madeAt)
    {
        Entries = entries.WithComparers(KeystoreSnapshot.AliasComparer);
        MadeAt = madeAt;
    }

    /// <summary>No backup has been made.</summary>
    public static KeystoreBackup None { get; } = new(ImmutableDictionary<string, KeystoreEntry>.Empty, null);

    public ImmutableDictionary<string, KeystoreEntry> Entries { get; }

    /// <summary>When the backup was made; null when none has been.</summary>
    public DateTimeOffset? MadeAt { get; }

    public bool Exists => MadeAt is not null;

    public KeystoreEntry? Find(string alias) => Entries.GetValueOrDefault(alias);
}
