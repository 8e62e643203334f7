using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Sender.Keys;

/// <summary>A key pair an exchange replaced, kept in the key history with the time it was retired (docs/DESIGN.md §10).</summary>
public sealed class RetiredKeyPair
{
    internal RetiredKeyPair(string id, string alias, X509Certificate2 withPrivateKey, DateTimeOffset createdAt, DateTimeOffset retiredAt)
    {
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

    public string Fingerprint { get; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset RetiredAt { get; }

    /// <summary>With its private key: kept so that nothing an exchange replaced is lost, never handed out.</summary>
    internal X509Certificate2 Certificate { get; }

    public X509Certificate2 PublicCertificate => X509CertificateLoader.LoadCertificate(Certificate.RawData);
}
