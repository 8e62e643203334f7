using System.Numerics;
using System.Xml;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Verification;

/// <summary>
/// Finds the trusted certificate a signature's KeyInfo names (docs/DESIGN.md §3 check 5). The certificate
/// must be in the trust set by exact encoding, never merely chain to something trusted.
/// </summary>
internal static class KeyResolver
{
    public sealed record Resolved(TrustedCertificate Certificate, KeyReference Reference);

    /// <summary>
    /// An X.509 serial number is at most 20 octets (RFC 5280 §4.1.2.2): below 2^160, so at most 49 decimal digits.
    /// Longer text is refused before it is parsed, which would cost time quadratic in its length.
    /// </summary>
    private const int MaxSerialDigits = 49;

    public static Parsed<Resolved> Resolve(XmlElement signature, XmlElement security, IdIndex ids, TrustSet trust, VerificationPolicy policy)
    {
        var keyInfo = SignedInfoModel.FirstDs(signature, "KeyInfo");
        if (keyInfo is null) return VerificationResult.Rejected(RejectReason.KeyNotFound, "the signature has no ds:KeyInfo");
        var str = SecurityHeaderModel.Elements(keyInfo)
            .FirstOrDefault(e => e.LocalName == "SecurityTokenReference" && e.NamespaceURI == WsNamespaces.Wsse);
        if (str is null) return VerificationResult.Rejected(RejectReason.KeyReferenceUnsupported, "ds:KeyInfo holds no wsse:SecurityTokenReference");

        foreach (var child in SecurityHeaderModel.Elements(str))
        {
            switch (child.LocalName, child.NamespaceURI)
            {
                case ("Reference", WsNamespaces.Wsse):
                    return FromTokenReference(child, security, ids, trust, policy);
                case ("X509Data", WsNamespaces.Ds):
                    // An embedded certificate names the key outright; an issuer/serial beside it (zeep writes an empty one) adds nothing.
                    var embedded = SignedInfoModel.FirstDs(child, "X509Certificate");
                    if (embedded is not null) return FromEmbeddedCertificate(embedded, trust, policy);
                    var issuerSerial = SignedInfoModel.FirstDs(child, "X509IssuerSerial");
                    if (issuerSerial is not null) return FromIssuerSerial(issuerSerial, trust);
                    break;
                case ("KeyIdentifier", WsNamespaces.Wsse):
                    return FromKeyIdentifier(child, trust);
            }
        }
        return VerificationResult.Rejected(RejectReason.KeyReferenceUnsupported, "the SecurityTokenReference uses no supported key reference");
    }

    private static Parsed<Resolved> FromTokenReference(XmlElement reference, XmlElement security, IdIndex ids, TrustSet trust, VerificationPolicy policy)
    {
        var uri = reference.GetAttribute("URI");
        if (uri.Length < 2 || uri[0] != '#')
            return VerificationResult.Rejected(RejectReason.ReferenceNotAllowed, "the token reference is not a same-document #id reference", KeyReference.BinarySecurityToken);
        var token = ids.Find(uri[1..]);
        if (token is null || token.LocalName != "BinarySecurityToken" || token.NamespaceURI != WsNamespaces.Wsse || !ReferenceEquals(token.ParentNode, security))
            return VerificationResult.Rejected(RejectReason.KeyNotFound, $"the token reference {uri} names no BinarySecurityToken in this Security header", KeyReference.BinarySecurityToken);
        var valueType = token.GetAttribute("ValueType");
        if (valueType != WsNamespaces.X509v3)
            return VerificationResult.Rejected(RejectReason.KeyReferenceUnsupported, $"token type '{valueType}' is not an X.509 v3 certificate", KeyReference.BinarySecurityToken);

        var text = token.InnerText;
        if (TooLarge(text, policy) is { } tooLarge) return VerificationResult.Rejected(RejectReason.TokenTooLarge, $"the BinarySecurityToken {tooLarge}", KeyReference.BinarySecurityToken);
        byte[] der;
        try { der = Convert.FromBase64String(text); }
        catch (FormatException) { return VerificationResult.Rejected(RejectReason.Malformed, "the BinarySecurityToken is not base64", KeyReference.BinarySecurityToken); }

        var trusted = trust.FindByEncoding(der);
        return trusted is null
            ? VerificationResult.Rejected(RejectReason.CertificateUntrusted, $"the certificate in the BinarySecurityToken ({Describe(der)}) is not in the trust set", KeyReference.BinarySecurityToken)
            : new Resolved(trusted, KeyReference.BinarySecurityToken);
    }

    private static Parsed<Resolved> FromEmbeddedCertificate(XmlElement embedded, TrustSet trust, VerificationPolicy policy)
    {
        var text = embedded.InnerText;
        if (TooLarge(text, policy) is { } tooLarge) return VerificationResult.Rejected(RejectReason.TokenTooLarge, $"ds:X509Certificate {tooLarge}", KeyReference.EmbeddedCertificate);
        byte[] der;
        try { der = Convert.FromBase64String(text); }
        catch (FormatException) { return VerificationResult.Rejected(RejectReason.Malformed, "ds:X509Certificate is not base64", KeyReference.EmbeddedCertificate); }
        var trusted = trust.FindByEncoding(der);
        return trusted is null
            ? VerificationResult.Rejected(RejectReason.CertificateUntrusted, $"the embedded certificate ({Describe(der)}) is not in the trust set", KeyReference.EmbeddedCertificate)
            : new Resolved(trusted, KeyReference.EmbeddedCertificate);
    }

    private static Parsed<Resolved> FromIssuerSerial(XmlElement issuerSerial, TrustSet trust)
    {
        var issuerText = SignedInfoModel.FirstDs(issuerSerial, "X509IssuerName")?.InnerText.Trim() ?? "";
        var serialText = SignedInfoModel.FirstDs(issuerSerial, "X509SerialNumber")?.InnerText.Trim() ?? "";
        if (serialText.Length > MaxSerialDigits)
            return VerificationResult.Rejected(RejectReason.SerialNumberTooLong, $"X509SerialNumber has {serialText.Length} characters; an X.509 serial number has at most {MaxSerialDigits} digits", KeyReference.IssuerSerial);
        var issuer = DistinguishedName.TryParse(issuerText);
        if (issuer is null || !BigInteger.TryParse(serialText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var serial))
            return VerificationResult.Rejected(RejectReason.Malformed, $"X509IssuerSerial '{issuerText}' / '{serialText}' cannot be read", KeyReference.IssuerSerial);

        var trusted = trust.FindByIssuerSerial(issuer, serial.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return trusted is null
            ? VerificationResult.Rejected(RejectReason.CertificateUntrusted, $"no trusted certificate has issuer '{issuerText}' and serial {serialText}", KeyReference.IssuerSerial)
            : new Resolved(trusted, KeyReference.IssuerSerial);
    }

    private static Parsed<Resolved> FromKeyIdentifier(XmlElement identifier, TrustSet trust)
    {
        var valueType = identifier.GetAttribute("ValueType");
        var kind = valueType switch
        {
            WsNamespaces.X509SubjectKeyIdentifier => KeyReference.SubjectKeyIdentifier,
            WsNamespaces.ThumbprintSha1 => KeyReference.Thumbprint,
            _ => (KeyReference?)null,
        };
        if (kind is null) return VerificationResult.Rejected(RejectReason.KeyReferenceUnsupported, $"key identifier type '{valueType}' is not supported");

        byte[] value;
        try { value = Convert.FromBase64String(identifier.InnerText.Trim()); }
        catch (FormatException) { return VerificationResult.Rejected(RejectReason.Malformed, "the key identifier is not base64", kind); }

        var trusted = kind == KeyReference.SubjectKeyIdentifier ? trust.FindBySubjectKeyIdentifier(value) : trust.FindByThumbprint(value);
        return trusted is null
            ? VerificationResult.Rejected(RejectReason.CertificateUntrusted, $"no trusted certificate matches the {kind} key identifier", kind)
            : new Resolved(trusted, kind.Value);
    }

    /// <summary>Why base64 text is too long to hold a certificate the policy accepts (checked before decoding), or null.</summary>
    private static string? TooLarge(string base64, VerificationPolicy policy)
    {
        var atLeast = (long)base64.Length / 4 * 3 - (long)base64.Length / 38; // generous for line breaks every 76 characters
        return atLeast > policy.MaxTokenBytes ? $"holds {base64.Length} base64 characters; certificates above {policy.MaxTokenBytes} bytes are not accepted" : null;
    }

    private static string Describe(byte[] der)
    {
        try
        {
            using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
            return certificate.Subject;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return "not a readable certificate";
        }
    }
}
