using System.Xml;

namespace Rotation.Shared.WsSecurity;

/// <summary>Builds the wsse:Security header of DESIGN.md §1 into an envelope's DOM, in Strict layout order.</summary>
internal sealed class SecurityHeaderWriter(XmlDocument document, SoapParts parts)
{
    private const string Wsse = "wsse", Wsu = "wsu", Ds = "ds";

    // An envelope in a default namespace still needs a prefix for the mustUnderstand attribute.
    private readonly string _soapPrefix = parts.Envelope.Prefix.Length > 0 ? parts.Envelope.Prefix : "soapenv";

    public XmlElement AppendSecurityHeader()
    {
        var header = parts.Header ?? CreateHeader();
        foreach (XmlNode child in header.ChildNodes)
        {
            if (child is XmlElement { LocalName: "Security", NamespaceURI: WsNamespaces.Wsse } existing && !TargetsOtherActor(existing))
                throw new ArgumentException("the envelope already carries a wsse:Security header for the ultimate receiver");
        }

        var security = document.CreateElement(Wsse, "Security", WsNamespaces.Wsse);
        DeclarePrefix(security, Wsse, WsNamespaces.Wsse);
        DeclarePrefix(security, Wsu, WsNamespaces.Wsu);
        if (parts.Envelope.Prefix.Length == 0) DeclarePrefix(security, _soapPrefix, parts.SoapNamespace);
        var mustUnderstand = document.CreateAttribute(_soapPrefix, "mustUnderstand", parts.SoapNamespace);
        mustUnderstand.Value = "1";
        security.Attributes.Append(mustUnderstand);
        header.AppendChild(security);
        return security;
    }

    public XmlElement AppendTimestamp(XmlElement security, string id, DateTimeOffset created, DateTimeOffset expires)
    {
        var timestamp = document.CreateElement(Wsu, "Timestamp", WsNamespaces.Wsu);
        SetWsuId(timestamp, id);
        AppendText(timestamp, Wsu, "Created", WsNamespaces.Wsu, ResponseSigner.FormatTime(created));
        AppendText(timestamp, Wsu, "Expires", WsNamespaces.Wsu, ResponseSigner.FormatTime(expires));
        security.AppendChild(timestamp);
        return timestamp;
    }

    public void AppendBinarySecurityToken(XmlElement security, string id, string base64)
    {
        var token = document.CreateElement(Wsse, "BinarySecurityToken", WsNamespaces.Wsse);
        token.SetAttribute("EncodingType", WsNamespaces.Base64Binary);
        token.SetAttribute("ValueType", WsNamespaces.X509v3);
        SetWsuId(token, id);
        token.AppendChild(document.CreateTextNode(base64));
        security.AppendChild(token);
    }

    /// <summary>Gives the Body a wsu:Id unless it has one already; returns the id in force.</summary>
    public string EnsureBodyId(string id)
    {
        var body = parts.Body;
        var existing = body.GetAttributeNode("Id", WsNamespaces.Wsu);
        if (existing is not null && existing.Value.Length > 0) return existing.Value;
        var prefix = FreePrefixFor(body, Wsu, WsNamespaces.Wsu);
        if (body.GetNamespaceOfPrefix(prefix) != WsNamespaces.Wsu) DeclarePrefix(body, prefix, WsNamespaces.Wsu);
        var attribute = document.CreateAttribute(prefix, "Id", WsNamespaces.Wsu);
        attribute.Value = id;
        body.Attributes.Append(attribute);
        return id;
    }

    public XmlElement AppendSignature(XmlElement security, SignatureAlgorithm algorithm, IReadOnlyList<(string Uri, string Digest)> references)
    {
        var signature = document.CreateElement(Ds, "Signature", WsNamespaces.Ds);
        DeclarePrefix(signature, Ds, WsNamespaces.Ds);
        var signedInfo = AppendDs(signature, "SignedInfo");
        AppendDs(signedInfo, "CanonicalizationMethod").SetAttribute("Algorithm", WsNamespaces.ExcC14N);
        AppendDs(signedInfo, "SignatureMethod").SetAttribute("Algorithm", AlgorithmUris.SignatureUri(algorithm));
        var digestUri = AlgorithmUris.DigestUriFor(algorithm);
        foreach (var (uri, digest) in references)
        {
            var reference = AppendDs(signedInfo, "Reference");
            reference.SetAttribute("URI", uri);
            AppendDs(AppendDs(reference, "Transforms"), "Transform").SetAttribute("Algorithm", WsNamespaces.ExcC14N);
            AppendDs(reference, "DigestMethod").SetAttribute("Algorithm", digestUri);
            AppendDs(reference, "DigestValue").AppendChild(document.CreateTextNode(digest));
        }
        security.AppendChild(signature);
        return signature;
    }

    public void CompleteSignature(XmlElement signature, string signatureValue, KeyReference keyReference, SigningKey key, string tokenId)
    {
        AppendDs(signature, "SignatureValue").AppendChild(document.CreateTextNode(signatureValue));
        var keyInfo = AppendDs(signature, "KeyInfo");
        var str = document.CreateElement(Wsse, "SecurityTokenReference", WsNamespaces.Wsse);
        keyInfo.AppendChild(str);
        if (keyReference == KeyReference.BinarySecurityToken)
        {
            var reference = document.CreateElement(Wsse, "Reference", WsNamespaces.Wsse);
            reference.SetAttribute("URI", "#" + tokenId);
            reference.SetAttribute("ValueType", WsNamespaces.X509v3);
            str.AppendChild(reference);
        }
        else
        {
            var issuerSerial = document.CreateElement(Ds, "X509IssuerSerial", WsNamespaces.Ds);
            AppendText(issuerSerial, Ds, "X509IssuerName", WsNamespaces.Ds, key.IssuerName);
            AppendText(issuerSerial, Ds, "X509SerialNumber", WsNamespaces.Ds, key.SerialNumber);
            var x509Data = document.CreateElement(Ds, "X509Data", WsNamespaces.Ds);
            x509Data.AppendChild(issuerSerial);
            str.AppendChild(x509Data);
        }
    }

    /// <summary>
    /// The preferred prefix, unless the element already gives it another meaning on its own start tag
    /// (a second binding there would not be well-formed); then the first free variant of it.
    /// </summary>
    private static string FreePrefixFor(XmlElement element, string preferred, string ns)
    {
        bool Taken(string prefix) =>
            (element.Prefix == prefix && element.NamespaceURI != ns) ||
            element.Attributes.Cast<XmlAttribute>().Any(a =>
                (a.NamespaceURI == WsNamespaces.Xmlns && a.LocalName == prefix && a.Value != ns) ||
                (a.Prefix == prefix && a.NamespaceURI != ns && a.NamespaceURI != WsNamespaces.Xmlns));
        var candidate = preferred;
        for (var i = 1; Taken(candidate); i++) candidate = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return candidate;
    }

    private XmlElement CreateHeader()
    {
        var header = document.CreateElement(parts.Envelope.Prefix, "Header", parts.SoapNamespace);
        parts.Envelope.InsertBefore(header, parts.Body);
        return header;
    }

    private static bool TargetsOtherActor(XmlElement security) =>
        security.Attributes.Cast<XmlAttribute>().Any(a =>
            (a.LocalName == "actor" && a.NamespaceURI == WsNamespaces.Soap11) ||
            (a.LocalName == "role" && a.NamespaceURI == WsNamespaces.Soap12 && a.Value != "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver"));

    private XmlElement AppendDs(XmlElement parent, string localName)
    {
        var element = document.CreateElement(Ds, localName, WsNamespaces.Ds);
        parent.AppendChild(element);
        return element;
    }

    private void AppendText(XmlElement parent, string prefix, string localName, string ns, string text)
    {
        var element = document.CreateElement(prefix, localName, ns);
        element.AppendChild(document.CreateTextNode(text));
        parent.AppendChild(element);
    }

    private void SetWsuId(XmlElement element, string id)
    {
        var attribute = document.CreateAttribute(Wsu, "Id", WsNamespaces.Wsu);
        attribute.Value = id;
        element.Attributes.Append(attribute);
    }

    private void DeclarePrefix(XmlElement element, string prefix, string ns)
    {
        var declaration = document.CreateAttribute("xmlns", prefix, WsNamespaces.Xmlns);
        declaration.Value = ns;
        element.Attributes.Append(declaration);
    }
}
