using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Tenant.Tests.Support;

/// <summary>
/// What an administrator uploads to the keystore, made fresh on the system clock (the tenant checks validity against
/// it): a key pair as PKCS#12, a PKCS#12 holding only a certificate, a certificate as base64 DER or as PEM.
/// </summary>
public static class Uploads
{
    /// <summary>A key pair as base64 PKCS#12 (AES-256, SHA-256) under <paramref name="password"/>.</summary>
    public static string KeyPairPkcs12(string password, string subject = "CN=upload")
    {
        using var certificate = TestCertificates.CurrentlyValid(subject, KeyAlgorithm.EcP256);
        return Convert.ToBase64String(certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
    }

    /// <summary>A base64 PKCS#12 under "pw" that holds a certificate and no private key.</summary>
    public static string CertificateOnlyPkcs12()
    {
        using var certificate = TestCertificates.CurrentlyValid("CN=nokey", KeyAlgorithm.EcP256);
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        return Convert.ToBase64String(new X509Certificate2Collection(publicOnly).ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, "pw"));
    }

    /// <summary>A certificate as base64 DER.</summary>
    public static string CertificateDer(string subject)
    {
        using var certificate = TestCertificates.CurrentlyValid(subject, KeyAlgorithm.EcP256);
        return Convert.ToBase64String(certificate.RawData);
    }

    /// <summary>A certificate as PEM.</summary>
    public static string CertificatePem(string subject)
    {
        using var certificate = TestCertificates.CurrentlyValid(subject, KeyAlgorithm.EcP256);
        return certificate.ExportCertificatePem();
    }
}
