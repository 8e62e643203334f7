using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Keystore;

/// <summary>One entry of the tenant keystore under its unique alias. Immutable: changes make a new entry.</summary>
public sealed class KeystoreEntry
{
    private KeystoreEntry(string alias, EntryKind kind, X509Certificate2 certificate, SigningKey? signingKey, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        Alias = alias;
        Kind = kind;
        Certificate = certificate;
        SigningKey = signingKey;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        Fingerprint = CertificateInfo.Fingerprint(certificate);
    }

    public string Alias { get; }
    public EntryKind Kind { get; }

    /// <summary>For a key pair, the certificate carries the private key; it never leaves the process.</summary>
    internal X509Certificate2 Certificate { get; }

    /// <summary>Prepared once per key pair so that each response pays only for the signature itself.</summary>
    internal SigningKey? SigningKey { get; }

    public string Fingerprint { get; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset UpdatedAt { get; }

    /// <summary>The certificate without its private key: what may be handed out.</summary>
    public X509Certificate2 PublicCertificate => X509CertificateLoader.LoadCertificate(Certificate.RawData);

    public static KeystoreEntry ForKeyPair(string alias, X509Certificate2 withPrivateKey, DateTimeOffset createdAt, DateTimeOffset updatedAt) =>
        new(alias, EntryKind.KeyPair, withPrivateKey, new SigningKey(withPrivateKey), createdAt, updatedAt);

    public static KeystoreEntry ForCertificate(string alias, X509Certificate2 certificate, DateTimeOffset createdAt, DateTimeOffset updatedAt) =>
        new(alias, EntryKind.Certificate, X509CertificateLoader.LoadCertificate(certificate.RawData), null, createdAt, updatedAt);

    internal KeystoreEntry Renamed(string alias, DateTimeOffset at) => new(alias, Kind, Certificate, SigningKey, CreatedAt, at);

    /// <summary>The same alias with a new key pair: what an exchange does.</summary>
    internal KeystoreEntry Exchanged(X509Certificate2 withPrivateKey, SigningKey signingKey, DateTimeOffset at) =>
        new(Alias, EntryKind.KeyPair, withPrivateKey, signingKey, CreatedAt, at);
}
