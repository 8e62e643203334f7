using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.Persistence;

/// <summary>
/// A keystore as every store keeps it: entry and history records naming certificates by fingerprint, and the key
/// material apart (encrypted), found again by fingerprint at load.
/// </summary>
internal static class StoredKeystore
{
    public static List<EntryRecord> Entries(KeystoreSnapshot keystore) => Records(keystore.Entries.Values);

    private static List<EntryRecord> Records(IEnumerable<KeystoreEntry> entries) =>
        entries.OrderBy(e => e.Alias, StringComparer.Ordinal)
            .Select(e => new EntryRecord(e.Alias, e.Kind, e.Fingerprint, e.CreatedAt, e.UpdatedAt, EncodeIssuers(e.Issuers))).ToList();

    /// <summary>
    /// An entry's issuers (public certificates) as every store keeps them: one DER SEQUENCE OF Certificate in PkiPath
    /// order (the root first), beside the entry rather than in the encrypted key material; null when there are none.
    /// </summary>
    public static byte[]? EncodeIssuers(ImmutableArray<X509Certificate2> issuers) => issuers.IsDefaultOrEmpty ? null : PkiPath.Encode(issuers);

    private static ImmutableArray<X509Certificate2> DecodeIssuers(byte[]? encoded, string alias, string where)
    {
        if (encoded is null) return [];
        var path = PkiPath.TryDecode(encoded) ?? throw new InvalidDataException($"{where}: the issuers of '{alias}' are not a certificate sequence");
        return [.. path.Reverse().Select(der => X509CertificateLoader.LoadCertificate(der))];
    }

    /// <summary>The backup keystore's entries; null when no backup was made.</summary>
    public static List<EntryRecord>? Backup(KeystoreSnapshot keystore) => keystore.Backup.Exists ? Records(keystore.Backup.Entries.Values) : null;

    /// <summary>In the keystore's order (oldest retirement first).</summary>
    public static List<HistoryRecord> History(KeystoreSnapshot keystore) =>
        keystore.History.Select(h => new HistoryRecord(h.Id, h.Alias, h.Fingerprint, h.CreatedAt, h.RetiredAt)).ToList();

    /// <summary>
    /// The keystore the records describe, with the certificates of <paramref name="certificates"/> (by fingerprint);
    /// <paramref name="where"/> names the key material in the error when one is missing or lacks its private key.
    /// </summary>
    /// <param name="backup">The backup keystore's entries and when it was made; null when no backup was made.</param>
    public static KeystoreSnapshot Assemble(IEnumerable<EntryRecord> entries, IEnumerable<HistoryRecord> history, IReadOnlyDictionary<string, X509Certificate2> certificates, string where,
        (IEnumerable<EntryRecord> Entries, DateTimeOffset MadeAt)? backup = null)
    {
        X509Certificate2 Certificate(string fingerprint) => certificates.TryGetValue(fingerprint, out var c)
            ? c
            : throw new InvalidDataException($"{where} lacks the certificate {fingerprint} named in the tenant state");
        X509Certificate2 KeyPair(string fingerprint) => Certificate(fingerprint) is { HasPrivateKey: true } c
            ? c
            : throw new InvalidDataException($"{where} holds no private key for the certificate {fingerprint}");

        ImmutableDictionary<string, KeystoreEntry> ByAlias(IEnumerable<EntryRecord> records)
        {
            var byAlias = ImmutableDictionary.CreateBuilder<string, KeystoreEntry>(KeystoreSnapshot.AliasComparer);
            foreach (var e in records)
            {
                byAlias.Add(e.Alias, e.Kind == EntryKind.KeyPair
                    ? KeystoreEntry.ForKeyPair(e.Alias, KeyPair(e.Fingerprint), e.CreatedAt, e.UpdatedAt, DecodeIssuers(e.Issuers, e.Alias, where))
                    : KeystoreEntry.ForCertificate(e.Alias, Certificate(e.Fingerprint), e.CreatedAt, e.UpdatedAt));
            }
            return byAlias.ToImmutable();
        }
        var retired = history.Select(h => new KeyHistoryEntry(h.Id, h.Alias, KeyPair(h.Fingerprint), h.CreatedAt, h.RetiredAt)).ToImmutableList();
        var backedUp = backup is { } made ? new KeystoreBackup(ByAlias(made.Entries), made.MadeAt) : null;
        return new KeystoreSnapshot(ByAlias(entries), retired, backedUp);
    }
}
