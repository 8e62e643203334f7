using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Verification;

/// <summary>The parts of a received envelope the verifier reasons about, each found by node identity.</summary>
internal sealed class SecurityHeaderModel
{
    public required XmlElement Body { get; init; }
    public required XmlElement Security { get; init; }
    public required XmlElement Signature { get; init; }
    public required XmlElement Timestamp { get; init; }

    /// <summary>docs/DESIGN.md §3 check 2 (and the Timestamp presence of check 6): exactly one of each, where it must be.</summary>
    public static Parsed<SecurityHeaderModel> Read(XmlDocument document)
    {
        var envelope = document.DocumentElement;
        var ns = envelope?.NamespaceURI;
        if (envelope is null || envelope.LocalName != "Envelope" || (ns != WsNamespaces.Soap11 && ns != WsNamespaces.Soap12))
            return VerificationResult.Rejected(RejectReason.NotAnEnvelope, "the document is not a SOAP 1.1 or 1.2 Envelope");

        XmlElement? body = null, header = null;
        int bodies = 0, headers = 0;
        foreach (var child in Elements(envelope))
        {
            if (child.NamespaceURI != ns) continue;
            if (child.LocalName == "Body") { body = child; bodies++; }
            else if (child.LocalName == "Header") { header = child; headers++; }
        }
        if (bodies != 1) return VerificationResult.Rejected(RejectReason.BodyNotUnique, $"the envelope has {bodies} Body elements; exactly one is required");
        if (headers > 1) return VerificationResult.Rejected(RejectReason.SecurityHeaderNotUnique, $"the envelope has {headers} Header elements");
        if (OutOfOrder(envelope, header, body!, ns) is { } disorder) return VerificationResult.Rejected(RejectReason.EnvelopeChildrenOutOfOrder, disorder);
        if (header is null) return VerificationResult.Rejected(RejectReason.SecurityHeaderMissing, "the envelope has no Header, so no wsse:Security");

        XmlElement? security = null;
        var securities = 0;
        foreach (var child in Elements(header))
        {
            if (child.LocalName != "Security" || child.NamespaceURI != WsNamespaces.Wsse || TargetsOtherActor(child, ns)) continue;
            security = child;
            securities++;
        }
        if (securities == 0) return VerificationResult.Rejected(RejectReason.SecurityHeaderMissing, "no wsse:Security header for this receiver");
        if (securities > 1) return VerificationResult.Rejected(RejectReason.SecurityHeaderNotUnique, $"{securities} wsse:Security headers for this receiver; exactly one is allowed");

        XmlElement? signature = null, timestamp = null;
        int signatures = 0, timestamps = 0;
        foreach (var child in Elements(security!))
        {
            if (child.LocalName == "Signature" && child.NamespaceURI == WsNamespaces.Ds) { signature = child; signatures++; }
            else if (child.LocalName == "Timestamp" && child.NamespaceURI == WsNamespaces.Wsu) { timestamp = child; timestamps++; }
            else if (child.LocalName == "BinarySecurityToken" && child.NamespaceURI == WsNamespaces.Wsse && NotBasicSecurityProfile(child) is { } complaint)
                return VerificationResult.Rejected(RejectReason.TokenMalformed, complaint);
        }
        if (signatures == 0) return VerificationResult.Rejected(RejectReason.SignatureMissing, "the wsse:Security header has no ds:Signature");
        if (signatures > 1) return VerificationResult.Rejected(RejectReason.SignatureNotUnique, $"the wsse:Security header has {signatures} ds:Signature elements; exactly one is allowed");
        if (timestamps == 0) return VerificationResult.Rejected(RejectReason.TimestampMissing, "the wsse:Security header has no wsu:Timestamp");
        if (timestamps > 1) return VerificationResult.Rejected(RejectReason.TimestampNotUnique, $"the wsse:Security header has {timestamps} wsu:Timestamp elements");

        return new SecurityHeaderModel { Body = body!, Security = security!, Signature = signature!, Timestamp = timestamp! };
    }

    /// <summary>
    /// SOAP 1.1 §4.2–4.3: the Header, when present, is the first child and the Body follows it at once (further
    /// namespace-qualified children may follow the Body). SOAP 1.2 Part 1 §5.1: the Envelope holds an optional Header
    /// and the Body, nothing else.
    /// </summary>
    private static string? OutOfOrder(XmlElement envelope, XmlElement? header, XmlElement body, string soapNamespace)
    {
        using var children = Elements(envelope).GetEnumerator();
        children.MoveNext();
        if (header is not null)
        {
            if (!ReferenceEquals(children.Current, header)) return "the Header is not the Envelope's first child";
            children.MoveNext();
        }
        if (!ReferenceEquals(children.Current, body))
            return header is null ? "the Body is not the Envelope's first child" : "the Body does not follow the Header";
        if (soapNamespace == WsNamespaces.Soap12 && children.MoveNext())
            return $"<{children.Current.Name}> follows the Body; a SOAP 1.2 Envelope ends with its Body";
        return null;
    }

    /// <summary>Basic Security Profile 1.1 R3029–R3031: a token states its value type and is Base64Binary-encoded.</summary>
    private static string? NotBasicSecurityProfile(XmlElement token)
    {
        var encoding = token.GetAttributeNode("EncodingType");
        if (encoding is null) return "a BinarySecurityToken has no EncodingType (Basic Security Profile R3029)";
        if (encoding.Value != WsNamespaces.Base64Binary) return $"a BinarySecurityToken's EncodingType '{Shorten(encoding.Value)}' is not Base64Binary (Basic Security Profile R3030)";
        if (token.GetAttributeNode("ValueType") is null) return "a BinarySecurityToken has no ValueType (Basic Security Profile R3031)";
        return null;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static bool TargetsOtherActor(XmlElement security, string soapNamespace)
    {
        var actor = soapNamespace == WsNamespaces.Soap11
            ? security.GetAttributeNode("actor", WsNamespaces.Soap11)
            : security.GetAttributeNode("role", WsNamespaces.Soap12);
        return !SoapActors.AddressReceiver(actor?.Value, soapNamespace);
    }

    internal static IEnumerable<XmlElement> Elements(XmlElement parent)
    {
        for (var child = parent.FirstChild; child is not null; child = child.NextSibling)
            if (child is XmlElement e) yield return e;
    }
}
