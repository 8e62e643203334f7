using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Signing;

/// <summary>
/// A cheap forward-only pass over the request before SoapCore builds a document from it. It refuses what SOAP
/// forbids and what costs the service far more than the sender: a DTD (SOAP 1.1 and 1.2 forbid them; entity
/// expansion took seconds inside SoapCore) and absurd nesting (100,000 levels took SoapCore ~19 s of CPU).
/// It also finds a header addressed to the tenant that must be understood: the one header the tenant processes is
/// wsse:Security, and only while inbound verification is on (docs/DESIGN.md §10); for any other, SOAP requires a
/// MustUnderstand fault instead of processing the Body as if the header were not there (SOAP 1.1 §4.2.3, SOAP 1.2
/// Part 1 §5.2.3).
/// Malformed XML is left to SoapCore, which answers it with a signed fault.
/// </summary>
internal static class SoapRequestShape
{
    /// <summary>An order with a WS-Security header is about 10 levels deep.</summary>
    public const int MaxDepth = 64;

    private static readonly XmlReaderSettings Settings = new()
    {
        // Parse (not Prohibit) so that a DTD shows up as a node to refuse; nothing is resolved or expanded.
        DtdProcessing = DtdProcessing.Parse,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        CloseInput = false,
    };

    /// <summary>
    /// Null when the request may go on to SoapCore; else why not. <paramref name="securityUnderstood"/>: inbound
    /// verification has processed the request's wsse:Security header.
    /// </summary>
    public static RequestRefusal? Problem(ReadOnlyMemory<byte> request, bool securityUnderstood) => Read(request, securityUnderstood).Problem;

    /// <summary>
    /// The shape pass, and with <paramref name="securityUnderstood"/> the bytes of the wsse:Security header addressed to
    /// this node (the one inbound verification processed), so the flow can be handed the request without it.
    /// </summary>
    public static RequestShape Read(ReadOnlyMemory<byte> request, bool securityUnderstood)
    {
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(request, out var segment)) segment = new ArraySegment<byte>(request.ToArray());
        using var stream = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        using var reader = XmlReader.Create(stream, Settings);
        var lines = (IXmlLineInfo)reader;
        string? soapNamespace = null;
        var inHeader = false;
        var ours = new SecurityHeaderSpan();
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.DocumentType) return new(BadRequest("a SOAP message must not contain a DTD"), null);
                if (reader.Depth > MaxDepth) return new(BadRequest($"the message nests deeper than {MaxDepth} levels"), null);
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == 2 && ours.Open) ours.Close(lines);
                if (reader.NodeType != XmlNodeType.Element) continue;
                switch (reader.Depth)
                {
                    case 0:
                        soapNamespace = reader.NamespaceURI is WsNamespaces.Soap11 or WsNamespaces.Soap12 ? reader.NamespaceURI : null;
                        break;
                    case 1:
                        inHeader = soapNamespace is not null && reader.LocalName == "Header" && reader.NamespaceURI == soapNamespace;
                        break;
                    case 2 when inHeader && securityUnderstood && IsSecurity(reader):
                        if (SoapActors.AddressReceiver(reader.GetAttribute(soapNamespace == WsNamespaces.Soap11 ? "actor" : "role", soapNamespace), soapNamespace!))
                            ours.Begin(lines, reader.IsEmptyElement);
                        break;
                    case 2 when inHeader && MustBeUnderstood(reader, soapNamespace!):
                        return new(RequestRefusal.MustUnderstand(new XmlQualifiedName(reader.LocalName, reader.NamespaceURI)), null);
                }
            }
        }
        catch (XmlException)
        {
            // Not well-formed: SoapCore answers that itself, signed.
            return new(null, null);
        }
        return new(null, ours.Bytes(segment));
    }

    /// <summary>A header block marked mustUnderstand ("1" or "true") and addressed to this node (no actor/role, next, the ultimate receiver).</summary>
    private static bool MustBeUnderstood(XmlReader header, string soapNamespace)
    {
        var mustUnderstand = header.GetAttribute("mustUnderstand", soapNamespace)?.Trim();
        if (mustUnderstand is not ("1" or "true")) return false;
        var actor = header.GetAttribute(soapNamespace == WsNamespaces.Soap11 ? "actor" : "role", soapNamespace);
        return SoapActors.AddressReceiver(actor, soapNamespace);
    }

    private static bool IsSecurity(XmlReader header) => header.LocalName == "Security" && header.NamespaceURI == WsNamespaces.Wsse;

    private static RequestRefusal BadRequest(string reason) => new(StatusCodes.Status400BadRequest, reason);
}
