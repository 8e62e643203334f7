using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Report;

/// <summary>A certificate of the run as an administrator compares it: names, serial, validity, full fingerprint and the PEM handed over.</summary>
public sealed record CertificateView(string Role, string Fingerprint, string Subject, string Issuer, string SerialNumber,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, string KeyAlgorithm, int KeySize, string Pem)
{
    /// <summary>The file name beside report.json, set when the report is written.</summary>
    public string? File { get; init; }

    public static CertificateView Of(string role, string pem, string keyAlgorithm, int keySize)
    {
        using var certificate = X509Certificate2.CreateFromPem(pem);
        return new CertificateView(role, CertificateInfo.Fingerprint(certificate), certificate.Subject, certificate.Issuer,
            CertificateInfo.SerialDecimal(certificate), new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), keyAlgorithm, keySize, pem);
    }
}
