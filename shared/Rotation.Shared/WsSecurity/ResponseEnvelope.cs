using System.Xml;
using Rotation.Shared.Canonicalization;
using Rotation.Shared.Xml;

namespace Rotation.Shared.WsSecurity;

/// <summary>
/// What the signer learns from one parse of the response: the SOAP version and prefixes, which children of the
/// Envelope are its Header and Body, and the Body's wsu:Id (its own or the one the signer adds). The Body's
/// exclusive canonical form is written to a sink during the same pass.
/// </summary>
internal sealed record ResponseEnvelope(
    string SoapNamespace,
    string EnvelopePrefix,
    int HeaderIndex,
    string? HeaderName,
    int BodyIndex,
    string BodyName,
    string BodyId,
    AddedAttribute? AddedBodyId,
    bool DeclaresBodyIdPrefix)
{
    private const string PreferredWsuPrefix = "wsu";

    /// <summary>Parses <paramref name="utf8"/> (no DTD, no entities) and canonicalises its Body into <paramref name="bodyCanonical"/>.</summary>
    public static ResponseEnvelope Read(byte[] utf8, string newBodyId, Utf8Sink bodyCanonical)
    {
        using var stream = new MemoryStream(utf8, writable: false);
        using var reader = XmlReader.Create(stream, SafeXml.ReaderSettings(64L * 1024 * 1024));
        reader.MoveToContent();
        var ns = reader.NamespaceURI;
        if (reader.LocalName != "Envelope" || (ns != WsNamespaces.Soap11 && ns != WsNamespaces.Soap12))
            throw new ArgumentException($"the root element is {{{ns}}}{reader.LocalName}, not a SOAP 1.1 or 1.2 Envelope");
        var envelopePrefix = reader.Prefix;
        if (reader.IsEmptyElement) throw new ArgumentException("the envelope has no Body");

        int headerIndex = -1, bodyIndex = -1, child = -1;
        string? headerName = null, bodyName = null, bodyId = null;
        AddedAttribute? added = null;
        var declares = false;
        while (reader.Read() && reader.Depth >= 1)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1) continue;
            child++;
            var soapPart = reader.NamespaceURI == ns;
            if (soapPart && reader.LocalName == "Header")
            {
                if (headerIndex >= 0) throw new ArgumentException("the envelope has more than one Header");
                (headerIndex, headerName) = (child, reader.Name);
                RefuseSecurityForUltimateReceiver(reader);
            }
            else if (soapPart && reader.LocalName == "Body")
            {
                if (bodyIndex >= 0) throw new ArgumentException("the envelope has more than one Body");
                (bodyIndex, bodyName) = (child, reader.Name);
                bodyId = reader.GetAttribute("Id", WsNamespaces.Wsu) is { Length: > 0 } existing ? existing : null;
                if (bodyId is null)
                {
                    var prefix = FreeWsuPrefix(reader);
                    declares = reader.LookupNamespace(prefix) != WsNamespaces.Wsu;
                    added = new AddedAttribute(prefix, "Id", WsNamespaces.Wsu, newBodyId);
                    bodyId = newBodyId;
                }
                StreamingCanonicalizer.Canonicalize(reader, bodyCanonical, added);
            }
        }
        while (reader.Read()) { } // the rest must be well-formed too
        if (bodyIndex < 0) throw new ArgumentException("the envelope has no Body");
        return new ResponseEnvelope(ns, envelopePrefix, headerIndex, headerName, bodyIndex, bodyName!, bodyId!, added, declares);
    }

    /// <summary>Reads the Header's children; a Security header for the ultimate receiver already there cannot get a second one.</summary>
    private static void RefuseSecurityForUltimateReceiver(XmlReader reader)
    {
        if (reader.IsEmptyElement) return;
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != depth + 1) continue;
            if (reader.LocalName == "Security" && reader.NamespaceURI == WsNamespaces.Wsse && !TargetsOtherActor(reader))
                throw new ArgumentException("the envelope already carries a wsse:Security header for the ultimate receiver");
        }
    }

    private static bool TargetsOtherActor(XmlReader security) =>
        security.GetAttribute("actor", WsNamespaces.Soap11) is not null ||
        security.GetAttribute("role", WsNamespaces.Soap12) is { } role && role != "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver";

    /// <summary>
    /// "wsu", unless that prefix means something else where the Body stands (declared there or above); then the
    /// first free "wsuN". A prefix unbound at the Body cannot be used inside it undeclared, so declaring it on the
    /// Body changes the meaning of nothing.
    /// </summary>
    private static string FreeWsuPrefix(XmlReader body)
    {
        var candidate = PreferredWsuPrefix;
        for (var i = 1; body.LookupNamespace(candidate) is { } bound && bound != WsNamespaces.Wsu; i++)
            candidate = PreferredWsuPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return candidate;
    }
}
