using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Sender.Trust;

/// <summary>One trusted certificate (public part only) and when it was trusted.</summary>
public sealed class TrustEntry
{
    public TrustEntry(X509Certificate2 certificate, DateTimeOffset addedAt)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Certificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
        Fingerprint = CertificateInfo.Fingerprint(Certificate);
        AddedAt = addedAt;
    }

    public X509Certificate2 Certificate { get; }
    public string Fingerprint { get; }
    public DateTimeOffset AddedAt { get; }
    public string Subject => Certificate.Subject;
    public string Pem => CertificateInfo.ToPem(Certificate);
}
