using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Keys;

/// <summary>
/// One key pair of the sender keystore under its alias. Immutable. The private key stays inside: only the
/// keystore's file and the request signer reach it; every API hands out <see cref="PublicCertificate"/>.
/// </summary>
public sealed class SenderKeyPair
{
    internal SenderKeyPair(string alias, X509Certificate2 withPrivateKey, DateTimeOffset createdAt, SigningKey? signingKey = null)
    {
        ArgumentNullException.ThrowIfNull(withPrivateKey);
        if (!withPrivateKey.HasPrivateKey) throw new ArgumentException("a key pair needs its private key", nameof(withPrivateKey));
        Alias = alias;
        Certificate = withPrivateKey;
        SigningKey = signingKey ?? new SigningKey(withPrivateKey);
        CreatedAt = createdAt;
        Fingerprint = CertificateInfo.Fingerprint(withPrivateKey);
        Algorithm = KeyAlgorithmOf(withPrivateKey);
    }

    public string Alias { get; }
    public string Fingerprint { get; }
    public DateTimeOffset CreatedAt { get; }

    /// <summary>RSA-2048, EC-P256, … as <see cref="KeyAlgorithmText"/> spells them.</summary>
    public string Algorithm { get; }

    internal X509Certificate2 Certificate { get; }

    /// <summary>Prepared once per key pair, so each request pays only for the signature.</summary>
    internal SigningKey SigningKey { get; }

    /// <summary>The certificate without its private key: what is handed to the tenant's administrator.</summary>
    public X509Certificate2 PublicCertificate => X509CertificateLoader.LoadCertificate(Certificate.RawData);

    public string CertificatePem => CertificateInfo.ToPem(PublicCertificate);

    /// <summary>The same key pair under another alias: what an exchange does to the key pair it brings in.</summary>
    internal SenderKeyPair MovedTo(string alias) => new(alias, Certificate, CreatedAt, SigningKey);

    private static string KeyAlgorithmOf(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null) return $"RSA-{rsa.KeySize}";
        using var ec = certificate.GetECDsaPublicKey();
        return ec is not null ? $"EC-P{ec.KeySize}" : certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown";
    }
}
