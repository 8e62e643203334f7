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
    public static List<EntryRecord> Entries(KeystoreSnapshot keystore) =>
        keystore.Entries.Values.OrderBy(e => e.Alias, StringComparer.Ordinal)
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

    /// <summary>In the keystore's order (oldest retirement first).</summary>
    public static List<HistoryRecord> History(KeystoreSnapshot keystore) =>
        keystore.History.Select(h => new HistoryRecord(h.Id, h.Alias, h.Fingerprint, h.CreatedAt, h.RetiredAt)).ToList();

    /// <summary>
    /// The keystore the records describe, with the certificates of <paramref name="certificates"/> (by fingerprint);
    /// <paramref name="where"/> names the key material in the error when one is missing or lacks its private key.
    /// </summary>
    public static KeystoreSnapshot Assemble(IEnumerable<EntryRecord> entries, IEnumerable<HistoryRecord> history, IReadOnlyDictionary<string, X509Certificate2> certificates, string where)
    {
        X509Certificate2 Certificate(string fingerprint) => certificates.TryGetValue(fingerprint, out var c)
            ? c
            : throw new InvalidDataException($"{where} lacks the certificate {fingerprint} named in the tenant state");
        X509Certificate2 KeyPair(string fingerprint) => Certificate(fingerprint) is { HasPrivateKey: true } c
            ? c
            : throw new InvalidDataException($"{where} holds no private key for the certificate {fingerprint}");

        var byAlias = ImmutableDictionary.CreateBuilder<string, KeystoreEntry>(KeystoreSnapshot.AliasComparer);
        foreach (var e in entries)
        {
            byAlias.Add(e.Alias, e.Kind == EntryKind.KeyPair
                ? KeystoreEntry.ForKeyPair(e.Alias, KeyPair(e.Fingerprint), e.CreatedAt, e.UpdatedAt, DecodeIssuers(e.Issuers, e.Alias, where))
                : KeystoreEntry.ForCertificate(e.Alias, Certificate(e.Fingerprint), e.CreatedAt, e.UpdatedAt));
        }
        var retired = history.Select(h => new KeyHistoryEntry(h.Id, h.Alias, KeyPair(h.Fingerprint), h.CreatedAt, h.RetiredAt)).ToImmutableList();
        return new KeystoreSnapshot(byAlias.ToImmutable(), retired);
    }
}
