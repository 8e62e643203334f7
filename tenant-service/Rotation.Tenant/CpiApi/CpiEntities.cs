using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.CpiApi;

/// <summary>The platform's entities (KeystoreEntry, HistoryKeystoreEntry, ChainCertificate, Keystore) as OData V2 JSON objects.</summary>
internal static class CpiEntities
{
    public static JsonObject KeystoreEntry(KeystoreEntry entry, EntryAuthors authors, DateTimeOffset now, string serviceRoot)
    {
        var hex = HexAlias.Encode(entry.Alias);
        var created = authors.Created(entry.Fingerprint);
        var modified = authors.LastModified(entry.Fingerprint);
        var json = new JsonObject
        {
            ["__metadata"] = Metadata($"{serviceRoot}/KeystoreEntries('{hex}')", "KeystoreEntry"),
            ["Hexalias"] = hex,
            ["Alias"] = entry.Alias,
            ["Type"] = entry.Kind == EntryKind.KeyPair ? CpiVocabulary.TypeKeyPair : CpiVocabulary.TypeCertificate,
            ["Owner"] = CpiVocabulary.OwnerTenant,
            ["Status"] = CpiVocabulary.StatusActive,
        };
        AddCertificate(json, entry.Certificate, now);
        json["LastModifiedBy"] = modified?.Who;
        json["LastModifiedTime"] = OData.Date(entry.UpdatedAt);
        json["CreatedBy"] = created?.Who;
        json["CreatedTime"] = OData.Date(entry.CreatedAt);
        return json;
    }

    public static JsonObject HistoryEntry(KeyHistoryEntry retired, int sequence, EntryAuthors authors, DateTimeOffset now, string serviceRoot)
    {
        var hex = HexAlias.Encode(retired.Id);
        var json = new JsonObject
        {
            ["__metadata"] = Metadata($"{serviceRoot}/HistoryKeystoreEntries('{hex}')", "HistoryKeystoreEntry"),
            ["Hexalias"] = hex,
            ["Alias"] = retired.Id,
            ["Type"] = CpiVocabulary.TypeKeyPair,
            ["Owner"] = CpiVocabulary.OwnerTenant,
        };
        AddCertificate(json, retired.Certificate, now);
        json["OriginalAlias"] = retired.Alias;
        json["ActiveFrom"] = OData.Date(retired.CreatedAt);
        json["ActiveUntil"] = OData.Date(retired.RetiredAt);
        json["ActivatedBy"] = authors.Created(retired.Fingerprint)?.Who;
        json["DeactivatedBy"] = authors.Retired(retired.Fingerprint)?.Who;
        json["ActivationSequenceNumber"] = sequence;
        return json;
    }

    public static JsonObject ChainCertificate(KeystoreEntry entry, X509Certificate2 certificate, int position, DateTimeOffset now, string serviceRoot)
    {
        var json = new JsonObject
        {
            ["__metadata"] = Metadata($"{serviceRoot}/KeystoreEntries('{HexAlias.Encode(entry.Alias)}')/ChainCertificates({position})", "ChainCertificate"),
            ["Hexalias"] = HexAlias.Encode(entry.Alias),
            ["Alias"] = entry.Alias,
            ["Position"] = position,
        };
        AddCertificate(json, certificate, now);
        return json;
    }

    public static JsonObject Keystore(string name, int size, string? lastModifiedBy, DateTimeOffset? lastModified, JsonNode entries, string serviceRoot) =>
        new()
        {
            ["__metadata"] = Metadata($"{serviceRoot}/Keystores('{name}')", "Keystore"),
            ["Name"] = name,
            ["Size"] = size,
            ["LastModifiedBy"] = lastModifiedBy,
            ["LastModifiedTime"] = lastModified is { } at ? OData.Date(at) : null,
            ["Entries"] = entries,
        };

    public static JsonObject Deferred(string uri) => new() { ["__deferred"] = new JsonObject { ["uri"] = uri } };

    private static JsonObject Metadata(string uri, string type) => new() { ["id"] = uri, ["uri"] = uri, ["type"] = $"{CpiVocabulary.EntityNamespace}.{type}" };

    private static void AddCertificate(JsonObject json, X509Certificate2 certificate, DateTimeOffset now)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        (var keyType, var keySize, var curve) = KeyOf(certificate);
        json["KeyType"] = keyType;
        json["KeySize"] = keySize;
        json["EllipticCurve"] = curve;
        json["SignatureAlgorithm"] = SignatureAlgorithm(certificate.SignatureAlgorithm.Value);
        json["ValidNotBefore"] = OData.Date(notBefore);
        json["ValidNotAfter"] = OData.Date(notAfter);
        json["Validity"] = now < notBefore ? CpiVocabulary.ValidityNotYetValid : now > notAfter ? CpiVocabulary.ValidityExpired : CpiVocabulary.ValidityValid;
        json["SerialNumber"] = certificate.SerialNumber;
        json["SubjectDN"] = certificate.Subject;
        json["IssuerDN"] = certificate.Issuer;
        json["Version"] = certificate.Version;
        json["FingerprintSha1"] = Convert.ToHexStringLower(SHA1.HashData(certificate.RawData));
        json["FingerprintSha256"] = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
        json["FingerprintSha512"] = Convert.ToHexStringLower(SHA512.HashData(certificate.RawData));
    }

    /// <summary>The certificate's signature algorithm in the spelling of KeyPairGenerationRequest ("SHA-256/RSA").</summary>
    public static string SignatureAlgorithm(string? oid) => oid switch
    {
        "1.2.840.113549.1.1.5" => "SHA-1/RSA",
        "1.2.840.113549.1.1.11" => "SHA-256/RSA",
        "1.2.840.113549.1.1.12" => "SHA-384/RSA",
        "1.2.840.113549.1.1.13" => "SHA-512/RSA",
        "1.2.840.10045.4.3.2" => "SHA-256/ECDSA",
        "1.2.840.10045.4.3.3" => "SHA-384/ECDSA",
        "1.2.840.10045.4.3.4" => "SHA-512/ECDSA",
        _ => oid ?? "unknown",
    };

    public static (string KeyType, int KeySize, string? Curve) KeyOf(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null) return ("RSA", rsa.KeySize, null);
        using var ec = certificate.GetECDsaPublicKey();
        if (ec is not null) return ("EC", ec.KeySize, ec.KeySize switch { 256 => "secp256r1", 384 => "secp384r1", 521 => "secp521r1", _ => null });
        return (certificate.PublicKey.Oid.FriendlyName ?? "unknown", 0, null);
    }
}
