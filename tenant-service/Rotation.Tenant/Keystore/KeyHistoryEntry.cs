using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Keystore;

/// <summary>A key pair that an exchange replaced, kept with the time it was retired.</summary>
public sealed class KeyHistoryEntry
{
    public KeyHistoryEntry(string id, string alias, X509Certificate2 withPrivateKey, DateTimeOffset createdAt, DateTimeOffset retiredAt, SigningKey? signingKey = null)
    {
        SigningKey = signingKey ?? new SigningKey(withPrivateKey);
        Id = id;
        Alias = alias;
        Certificate = withPrivateKey;
        CreatedAt = createdAt;
        RetiredAt = retiredAt;
        Fingerprint = CertificateInfo.Fingerprint(withPrivateKey);
    }

    public string Id { get; }

    /// <summary>The alias the key pair was retired from.</summary>
    public string Alias { get; }

    internal X509Certificate2 Certificate { get; }

    /// <summary>A retired key pair can still sign when the signer step is pinned to its fingerprint (rollback).</summary>
    internal SigningKey SigningKey { get; }
    public string Fingerprint { get; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset RetiredAt { get; }

    public X509Certificate2 PublicCertificate => X509CertificateLoader.LoadCertificate(Certificate.RawData);
}
