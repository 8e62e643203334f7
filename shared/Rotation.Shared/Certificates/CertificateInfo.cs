using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rotation.Shared.Certificates;

/// <summary>Facts about a certificate in the forms the wire and the admin APIs use.</summary>
public static class CertificateInfo
{
    /// <summary>Lower-case hex SHA-256 of the DER encoding: the fingerprint every log and API uses.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    /// <summary>The serial number as the decimal integer that X509SerialNumber carries.</summary>
    public static string SerialDecimal(X509Certificate2 certificate) =>
        new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The issuer as the RFC 2253 string WSS4J and libxmlsec1 write ("CN=a,O=b", most specific first).</summary>
    public static string IssuerRfc2253(X509Certificate2 certificate) => DistinguishedName.Format(certificate.IssuerName);

    public static string ToPem(X509Certificate2 certificate) => certificate.ExportCertificatePem();
}
