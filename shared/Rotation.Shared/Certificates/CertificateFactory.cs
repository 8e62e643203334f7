using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rotation.Shared.Certificates;

/// <summary>Creates self-signed key pairs: what the tenant keystore does on "create key pair", and what tests need.</summary>
public static class CertificateFactory
{
    public static X509Certificate2 CreateSelfSigned(string subject, KeyAlgorithm algorithm, DateTimeOffset notBefore, DateTimeOffset notAfter, HashAlgorithmName? signatureHash = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        if (notAfter <= notBefore) throw new ArgumentException("validity must end after it begins");
        var dn = new X500DistinguishedName(subject);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive INTEGER
        serial[0] |= 0x01;
        switch (algorithm)
        {
            case KeyAlgorithm.EcP256 or KeyAlgorithm.EcP384:
            {
                using var ec = ECDsa.Create(algorithm == KeyAlgorithm.EcP256 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
                var hash = signatureHash ?? (algorithm == KeyAlgorithm.EcP256 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384);
                var request = new CertificateRequest(dn, ec, hash);
                AddExtensions(request);
                using var cert = request.Create(dn, X509SignatureGenerator.CreateForECDsa(ec), notBefore, notAfter, serial);
                return cert.CopyWithPrivateKey(ec);
            }
            default:
            {
                using var rsa = RSA.Create(algorithm.KeySize());
                var request = new CertificateRequest(dn, rsa, signatureHash ?? HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
                AddExtensions(request);
                using var cert = request.Create(dn, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
                return cert.CopyWithPrivateKey(rsa);
            }
        }
    }

    private static void AddExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }
}
