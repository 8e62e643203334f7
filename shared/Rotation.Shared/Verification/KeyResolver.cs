using System.Numerics;
using System.Xml;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Verification;

/// <summary>
/// Finds the trusted certificate a signature's KeyInfo names (docs/DESIGN.md §3 check 5). The certificate
/// must be in the trust set by exact encoding; only a certificate that travels in the message (a token or an embedded
/// certificate) may instead chain to a trusted CA, when the trust set has any (docs/DESIGN.md §12).
/// </summary>
internal static class KeyResolver
{
    public sealed record Resolved(TrustedCertificate Certificate, KeyReference Reference);

    /// <summary>
    /// An X.509 serial number is at most 20 octets (RFC 5280 §4.1.2.2): below 2^160, so at most 49 decimal digits.
    /// Longer text is refused before it is parsed, which would cost time quadratic in its length.
    /// </summary>
    private const int MaxSerialDigits = 49;

    public static Parsed<Resolved> Resolve(XmlElement signature, XmlElement security, IdIndex ids, TrustSet trust, VerificationPolicy policy, DateTimeOffset now)
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
                    return FromTokenReference(child, security, ids, trust, policy, now);
                case ("X509Data", WsNamespaces.Ds):
                    // An embedded certificate names the key outright; an issuer/serial beside it (zeep writes an empty one) adds nothing.
                    var embedded = SignedInfoModel.FirstDs(child, "X509Certificate");
                    if (embedded is not null) return FromEmbeddedCertificate(embedded, trust, policy, now);
                    var issuerSerial = SignedInfoModel.FirstDs(child, "X509IssuerSerial");
                    if (issuerSerial is not null) return FromIssuerSerial(issuerSerial, trust);
                    break;
                case ("KeyIdentifier", WsNamespaces.Wsse):
                    return FromKeyIdentifier(child, trust);
            }
        }
        return VerificationResult.Rejected(RejectReason.KeyReferenceUnsupported, "the SecurityTokenReference uses no supported key reference");
    }

    private static Parsed<Resolved> FromTokenReference(XmlElement reference, XmlElement security, IdIndex ids, TrustSet trust, VerificationPolicy policy, DateTimeOffset now)
    {
        var uri = reference.GetAttribute("URI");
        if (uri.Length < 2 || uri[0] != '#')
            return VerificationResult.Rejected(RejectReason.ReferenceNotAllowed, "the token reference is not a same-document #id reference", KeyReference.BinarySecurityToken);
        var token = ids.Find(uri[1..]);
        if (token is null || token.LocalName != "BinarySecurityToken" || token.NamespaceURI != WsNamespaces.Wsse || !ReferenceEquals(token.ParentNode, security))
            return VerificationResult.Rejected(RejectReason.KeyNotFound, $"the token reference {uri} names no BinarySecurityToken in this Security header", KeyReference.BinarySecurityToken);
        var valueType = token.GetAttribute("ValueType");
        if (valueType is not (WsNamespaces.X509v3 or WsNamespaces.PkiPathV1))
            return VerificationResult.Rejected(RejectReason.KeyReferenceUnsupported, $"token type '{valueType}' is neither an X.509 v3 certificate nor a PKIPath", KeyReference.BinarySecurityToken);

        var text = token.InnerText;
        if (TooLarge(text, policy) is { } tooLarge) return VerificationResult.Rejected(RejectReason.TokenTooLarge, $"the BinarySecurityToken {tooLarge}", KeyReference.BinarySecurityToken);
        byte[] der;
        try { der = Convert.FromBase64String(text); }
        catch (FormatException) { return VerificationResult.Rejected(RejectReason.Malformed, "the BinarySecurityToken is not base64", KeyReference.BinarySecurityToken); }

        IReadOnlyList<byte[]> intermediates = [];
        if (valueType == WsNamespaces.PkiPathV1)
        {
            // The signer's certificate is the path's last (X.509 Token Profile 1.1 §3.1); the others only help build its chain.
            if (PkiPath.TryDecode(der) is not { } path)
                return VerificationResult.Rejected(RejectReason.TokenMalformed, $"the PKIPath token is not a sequence of at most {PkiPath.MaxCertificates} certificates", KeyReference.BinarySecurityToken);
            der = path[^1];
            intermediates = path.Take(path.Count - 1).ToList();
        }
        return Trusted(der, intermediates, trust, now, "the certificate in the BinarySecurityToken", KeyReference.BinarySecurityToken);
    }

    /// <summary>A certificate that came in the message: pinned, or chaining to a trusted CA.</summary>
    private static Parsed<Resolved> Trusted(byte[] der, IReadOnlyList<byte[]> intermediates, TrustSet trust, DateTimeOffset now, string what, KeyReference reference)
    {
        var verdict = trust.FindOrValidate(der, intermediates, now);
        return verdict.Certificate is { } trusted
            ? new Resolved(trusted, reference)
            : VerificationResult.Rejected(verdict.Reason, $"{what} ({Describe(der)}) {verdict.Message}", reference);
    }

    private static Parsed<Resolved> FromEmbeddedCertificate(XmlElement embedded, TrustSet trust, VerificationPolicy policy, DateTimeOffset now)
    {
        var text = embedded.InnerText;
        if (TooLarge(text, policy) is { } tooLarge) return VerificationResult.Rejected(RejectReason.TokenTooLarge, $"ds:X509Certificate {tooLarge}", KeyReference.EmbeddedCertificate);
        byte[] der;
        try { der = Convert.FromBase64String(text); }
        catch (FormatException) { return VerificationResult.Rejected(RejectReason.Malformed, "ds:X509Certificate is not base64", KeyReference.EmbeddedCertificate); }
        return Trusted(der, [], trust, now, "the embedded certificate", KeyReference.EmbeddedCertificate);
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
            // Same-subject renewals are common: the serial tells two certificates of one subject apart.
            return $"{certificate.Subject}, serial {CertificateInfo.SerialDecimal(certificate)}";
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return "not a readable certificate";
        }
    }
}
