using System.Xml;

namespace Rotation.Shared.WsSecurity;

/// <summary>The Envelope, its Header (if any) and its one Body, found by node identity.</summary>
internal sealed record SoapParts(XmlElement Envelope, XmlElement? Header, XmlElement Body, string SoapNamespace)
{
    public static SoapParts Locate(XmlDocument document)
    {
        var envelope = document.DocumentElement
            ?? throw new ArgumentException("the document has no root element");
        var ns = envelope.NamespaceURI;
        if (envelope.LocalName != "Envelope" || (ns != WsNamespaces.Soap11 && ns != WsNamespaces.Soap12))
            throw new ArgumentException($"the root element is {{{ns}}}{envelope.LocalName}, not a SOAP 1.1 or 1.2 Envelope");

        XmlElement? header = null, body = null;
        foreach (XmlNode child in envelope.ChildNodes)
        {
            if (child is not XmlElement e || e.NamespaceURI != ns) continue;
            if (e.LocalName == "Header") header = header is null ? e : throw new ArgumentException("the envelope has more than one Header");
            else if (e.LocalName == "Body") body = body is null ? e : throw new ArgumentException("the envelope has more than one Body");
        }
        return new SoapParts(envelope, header, body ?? throw new ArgumentException("the envelope has no Body"), ns);
    }
}
