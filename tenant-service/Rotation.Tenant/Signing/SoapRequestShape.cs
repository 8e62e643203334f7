using System.Xml;

namespace Rotation.Tenant.Signing;

/// <summary>
/// A cheap forward-only pass over the request before SoapCore builds a document from it. It refuses what SOAP
/// forbids and what costs the service far more than the sender: a DTD (SOAP 1.1 and 1.2 forbid them; entity
/// expansion took seconds inside SoapCore) and absurd nesting (100,000 levels took SoapCore ~19 s of CPU).
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

    /// <summary>Null when the request may go on to SoapCore; else why not.</summary>
    public static string? Problem(ReadOnlyMemory<byte> request)
    {
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(request, out var segment)) segment = new ArraySegment<byte>(request.ToArray());
        using var stream = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        using var reader = XmlReader.Create(stream, Settings);
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.DocumentType) return "a SOAP message must not contain a DTD";
                if (reader.Depth > MaxDepth) return $"the message nests deeper than {MaxDepth} levels";
            }
        }
        catch (XmlException)
        {
            // Not well-formed: SoapCore answers that itself, signed.
        }
        return null;
    }
}
