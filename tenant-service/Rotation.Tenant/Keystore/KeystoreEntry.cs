using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Keystore;

/// <summary>One entry of the tenant keystore under its unique alias. Immutable: changes make a new entry.</summary>
public sealed class KeystoreEntry
{
    private KeystoreEntry(string alias, EntryKind kind, X509Certificate2 certificate, SigningKey? signingKey, DateTimeOffset createdAt, DateTimeOffset updatedAt,
        ImmutableArray<X509Certificate2> issuers)
    {
        Issuers = issuers.IsDefault ? [] : issuers;
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

    /// <summary>
    /// The certificate's issuers from the CA's signing response (nearest first, public only; docs/DESIGN.md §12);
    /// empty for a self-signed key pair or a certificate entry. Sent in a PkiPath token when the signer step asks for it.
    /// </summary>
    public ImmutableArray<X509Certificate2> Issuers { get; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset UpdatedAt { get; }

    /// <summary>The certificate without its private key: what may be handed out.</summary>
    public X509Certificate2 PublicCertificate => X509CertificateLoader.LoadCertificate(Certificate.RawData);

    public static KeystoreEntry ForKeyPair(string alias, X509Certificate2 withPrivateKey, DateTimeOffset createdAt, DateTimeOffset updatedAt,
        ImmutableArray<X509Certificate2> issuers = default) =>
        new(alias, EntryKind.KeyPair, withPrivateKey, new SigningKey(withPrivateKey, issuers.IsDefault ? [] : issuers), createdAt, updatedAt, issuers);

    public static KeystoreEntry ForCertificate(string alias, X509Certificate2 certificate, DateTimeOffset createdAt, DateTimeOffset updatedAt) =>
        new(alias, EntryKind.Certificate, X509CertificateLoader.LoadCertificate(certificate.RawData), null, createdAt, updatedAt, []);

    internal KeystoreEntry Renamed(string alias, DateTimeOffset at) => new(alias, Kind, Certificate, SigningKey, CreatedAt, at, Issuers);

    /// <summary>The same alias with a new key pair (and that key pair's issuers): what an exchange does.</summary>
    internal KeystoreEntry Exchanged(X509Certificate2 withPrivateKey, SigningKey signingKey, ImmutableArray<X509Certificate2> issuers, DateTimeOffset at) =>
        new(Alias, EntryKind.KeyPair, withPrivateKey, signingKey, CreatedAt, at, issuers);
}
