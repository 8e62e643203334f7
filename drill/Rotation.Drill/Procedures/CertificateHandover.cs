using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Procedures;

/// <summary>What either administrator checks before handing a certificate to the other: a certificate alone, and the new key pair's.</summary>
public static class CertificateHandover
{
    /// <summary>Returns the PEM when it carries no private key and is the certificate with <paramref name="expectedFingerprint"/>; else the check fails.</summary>
    public static string Checked(string pem, string? expectedFingerprint)
    {
        using var certificate = X509Certificate2.CreateFromPem(pem);
        if (certificate.HasPrivateKey || pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
            throw new StepCheckFailed("the download carried private key material");
        if (CertificateInfo.Fingerprint(certificate) != expectedFingerprint)
            throw new StepCheckFailed("the downloaded certificate is not the new key pair's");
        return pem;
    }
}
