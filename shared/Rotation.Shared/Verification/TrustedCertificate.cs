using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Shared.Verification;

/// <summary>
/// One certificate of a trust set, with everything the verifier matches against computed once:
/// its exact encoding, issuer/serial, subject key identifier, SHA-1 thumbprint and public key object.
/// </summary>
public sealed class TrustedCertificate
{
    public TrustedCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        // Keep only the public part: a trust set must never hold a private key by accident.
        Certificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
        Raw = Certificate.RawData;
        Fingerprint = CertificateInfo.Fingerprint(Certificate);
        Sha1Thumbprint = SHA1.HashData(Raw);
        Issuer = Certificate.IssuerName;
        Serial = CertificateInfo.SerialDecimal(Certificate);
        SubjectKeyIdentifier = ComputeSubjectKeyIdentifier(Certificate);
        Rsa = Certificate.GetRSAPublicKey();
        Ecdsa = Rsa is null ? Certificate.GetECDsaPublicKey() : null;
        NotBefore = Certificate.NotBefore.ToUniversalTime();
        NotAfter = Certificate.NotAfter.ToUniversalTime();
    }

    public X509Certificate2 Certificate { get; }
    public string Fingerprint { get; }
    internal byte[] Raw { get; }
    internal byte[] Sha1Thumbprint { get; }
    internal X500DistinguishedName Issuer { get; }
    internal string Serial { get; }
    internal byte[] SubjectKeyIdentifier { get; }
    internal RSA? Rsa { get; }
    internal ECDsa? Ecdsa { get; }
    internal DateTime NotBefore { get; }
    internal DateTime NotAfter { get; }

    /// <summary>Subject, serial and fingerprint: renewed certificates often keep the subject, so it never names one alone.</summary>
    internal string Name => $"{Certificate.Subject} (serial {Serial}, {Fingerprint[..16]}…)";

    /// <summary>The SKI extension when present, else the SHA-1 of the public key bits (RFC 5280 method 1), as WSS4J computes it.</summary>
    private static byte[] ComputeSubjectKeyIdentifier(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectKeyIdentifierExtension ski && ski.SubjectKeyIdentifierBytes.Length > 0)
                return ski.SubjectKeyIdentifierBytes.ToArray();
        }
        return SHA1.HashData(certificate.PublicKey.EncodedKeyValue.RawData);
    }
}
