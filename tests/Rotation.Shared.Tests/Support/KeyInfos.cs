using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

/// <summary>The KeyInfo forms other stacks send.</summary>
public static class KeyInfos
{
    private const string Str = $"<wsse:SecurityTokenReference xmlns:wsse=\"{WsNamespaces.Wsse}\">";

    public static string TokenReference(string tokenId) =>
        $"{Str}<wsse:Reference URI=\"#{tokenId}\" ValueType=\"{WsNamespaces.X509v3}\"/></wsse:SecurityTokenReference>";

    public static string IssuerSerial(string issuerName, string serialDecimal) =>
        $"{Str}<ds:X509Data xmlns:ds=\"{WsNamespaces.Ds}\"><ds:X509IssuerSerial><ds:X509IssuerName>{System.Security.SecurityElement.Escape(issuerName)}</ds:X509IssuerName>" +
        $"<ds:X509SerialNumber>{serialDecimal}</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data></wsse:SecurityTokenReference>";

    /// <summary>Issuer and serial as WSS4J writes them (independent of the code under test).</summary>
    public static string IssuerSerial(X509Certificate2 certificate) =>
        IssuerSerial(Rfc2253.Format(certificate.IssuerName), KeyMaterial.SerialDecimal(certificate));

    /// <summary>The certificate inside the reference, next to an empty issuer/serial: what zeep's Signature class sends.</summary>
    public static string EmbeddedCertificate(X509Certificate2 certificate) =>
        $"{Str}<ds:X509Data xmlns:ds=\"{WsNamespaces.Ds}\"><ds:X509IssuerSerial/><ds:X509Certificate>{Convert.ToBase64String(certificate.RawData)}</ds:X509Certificate></ds:X509Data></wsse:SecurityTokenReference>";

    public static string KeyIdentifier(string valueType, byte[] value) =>
        $"{Str}<wsse:KeyIdentifier ValueType=\"{valueType}\" EncodingType=\"{WsNamespaces.Base64Binary}\">{Convert.ToBase64String(value)}</wsse:KeyIdentifier></wsse:SecurityTokenReference>";

    public static string SubjectKeyIdentifier(X509Certificate2 certificate) =>
        KeyIdentifier(WsNamespaces.X509SubjectKeyIdentifier,
            certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray());

    public static string Thumbprint(X509Certificate2 certificate) =>
        KeyIdentifier(WsNamespaces.ThumbprintSha1, SHA1.HashData(certificate.RawData));
}
