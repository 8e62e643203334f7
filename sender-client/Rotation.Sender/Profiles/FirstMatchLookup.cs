using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using Rotation.Sender.Wcf;
using Rotation.Shared.Certificates;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Shared.Xml;

namespace Rotation.Sender.Profiles;

/// <summary>
/// The first-match profile's lookup (docs/DESIGN.md §13): a BinarySecurityToken's certificate is looked up in the trust
/// store by its subject, an IssuerSerial reference by its issuer, and only the first trusted match is tried. When that
/// match is not the certificate the response names, the response is handed to the verifier naming the match instead,
/// so the verifier's own cryptographic check runs with the wrong key and says so. Anything it cannot read is left to
/// the verifier unchanged, which rejects it for what it is.
/// </summary>
public sealed class FirstMatchLookup(VerificationPolicy policy) : IKeyLookup
{
    private readonly XmlLimits _limits = new(policy.MaxNestingDepth, policy.MaxAttributesPerElement, policy.MaxNamespaceDeclarationsPerElement);

    public KeySubstitution? Substitute(ReadOnlySpan<byte> response, TrustSet trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        if (response.Length > policy.MaxDocumentBytes) return null;
        var loaded = SafeXml.LoadBounded(response.ToArray(), 0, response.Length, policy.MaxDocumentBytes, _limits);
        if (loaded.Document?.DocumentElement is not { } envelope) return null;
        var reference = KeyReferenceOf(envelope);
        return reference switch
        {
            XmlElement { LocalName: "BinarySecurityToken" } token => ByTokenSubject(loaded.Document, token, trust),
            XmlElement { LocalName: "X509IssuerSerial" } issuerSerial => ByIssuer(loaded.Document, issuerSerial, trust),
            _ => null,
        };
    }

    private KeySubstitution? ByTokenSubject(XmlDocument document, XmlElement token, TrustSet trust)
    {
        var text = token.InnerText.Trim();
        if (text.Length / 4 * 3 > policy.MaxTokenBytes) return null;
        X509Certificate2 named;
        try
        {
            named = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text));
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        using (named)
        {
            var first = trust.Certificates.FirstOrDefault(t => t.Certificate.SubjectName.RawData.AsSpan().SequenceEqual(named.SubjectName.RawData));
            if (first is null || first.Fingerprint == CertificateInfo.Fingerprint(named)) return null;
            token.InnerText = Convert.ToBase64String(first.Certificate.RawData);
            return Rewritten(document, first, $"first-match: the trust store was searched by the subject {named.Subject} and only its first match, {FingerprintPrefix(first)}…, was tried");
        }
    }

    private static KeySubstitution? ByIssuer(XmlDocument document, XmlElement issuerSerial, TrustSet trust)
    {
        var issuerText = Child(issuerSerial, "X509IssuerName")?.InnerText.Trim() ?? "";
        var serialElement = Child(issuerSerial, "X509SerialNumber");
        if (serialElement is null || DistinguishedName.TryParse(issuerText) is not { } issuer) return null;
        var first = trust.Certificates.FirstOrDefault(t => DistinguishedName.Matches(issuer, t.Certificate.IssuerName));
        var serialText = serialElement.InnerText.Trim();
        // The serial is read only to compare it; anything unreadable is the verifier's to reject.
        if (first is null || serialText.Length > 49 || !BigInteger.TryParse(serialText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var serial)) return null;
        var firstSerial = CertificateInfo.SerialDecimal(first.Certificate);
        if (serial.ToString(System.Globalization.CultureInfo.InvariantCulture) == firstSerial) return null;
        serialElement.InnerText = firstSerial;
        return Rewritten(document, first, $"first-match: the trust store was searched by the issuer {issuerText} and only its first match, serial {firstSerial} ({FingerprintPrefix(first)}…), was tried");
    }

    private static KeySubstitution Rewritten(XmlDocument document, TrustedCertificate chosen, string why) =>
        new(Encoding.UTF8.GetBytes(document.OuterXml), chosen.Fingerprint, why);

    private static string FingerprintPrefix(TrustedCertificate certificate) => certificate.Fingerprint[..16];

    /// <summary>The element the signature's SecurityTokenReference names: a BinarySecurityToken of the header, or an X509IssuerSerial.</summary>
    private static XmlElement? KeyReferenceOf(XmlElement envelope)
    {
        var security = envelope.GetElementsByTagName("Security", WsNamespaces.Wsse).OfType<XmlElement>().FirstOrDefault();
        var signature = security?.GetElementsByTagName("Signature", WsNamespaces.Ds).OfType<XmlElement>().FirstOrDefault();
        var str = signature?.GetElementsByTagName("SecurityTokenReference", WsNamespaces.Wsse).OfType<XmlElement>().FirstOrDefault();
        if (security is null || str is null) return null;
        foreach (var child in str.ChildNodes.OfType<XmlElement>())
        {
            if (child is { LocalName: "Reference", NamespaceURI: WsNamespaces.Wsse } && child.GetAttribute("URI") is ['#', .. var id])
                return security.ChildNodes.OfType<XmlElement>().FirstOrDefault(e =>
                    e is { LocalName: "BinarySecurityToken", NamespaceURI: WsNamespaces.Wsse } && e.GetAttribute("Id", WsNamespaces.Wsu) == id);
            if (child is { LocalName: "X509Data", NamespaceURI: WsNamespaces.Ds } && Child(child, "X509IssuerSerial") is { } issuerSerial)
                return issuerSerial;
        }
        return null;
    }

    private static XmlElement? Child(XmlElement parent, string localName) =>
        parent.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == localName && e.NamespaceURI == WsNamespaces.Ds);
}
