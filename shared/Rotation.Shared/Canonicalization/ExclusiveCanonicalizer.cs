using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Canonicalization;

/// <summary>
/// Exclusive XML Canonicalization 1.0 without comments (http://www.w3.org/2001/10/xml-exc-c14n#) of an
/// element subtree, computed on the DOM already parsed. SignedXml re-serialises and re-parses every
/// referenced element (DESIGN.md §7a); this walks the tree once and writes UTF-8 directly.
/// Tests hold it byte-for-byte against XmlDsigExcC14NTransform.
/// </summary>
internal static class ExclusiveCanonicalizer
{
    private const string DefaultToken = "#default";

    /// <summary>Deeper trees are refused rather than risking the stack; the verifier's policy limit is far below this.</summary>
    public const int MaxDepth = 1024;

    public static byte[] Canonicalize(XmlElement element, IReadOnlyCollection<string>? inclusivePrefixes = null)
    {
        using var sink = new Utf8Sink();
        Canonicalize(element, inclusivePrefixes, sink);
        return sink.Written.ToArray();
    }

    public static void Canonicalize(XmlElement element, IReadOnlyCollection<string>? inclusivePrefixes, Utf8Sink sink)
    {
        ArgumentNullException.ThrowIfNull(element);
        var rendered = new RenderedNamespaces();
        WriteElement(element, inclusivePrefixes, rendered, sink, 0);
    }

    private static void WriteElement(XmlElement element, IReadOnlyCollection<string>? inclusive, RenderedNamespaces rendered, Utf8Sink sink, int depth)
    {
        if (depth > MaxDepth) throw new XmlException($"elements nest deeper than {MaxDepth} levels");
        var mark = rendered.Mark();
        var declarations = CollectDeclarations(element, inclusive, rendered);

        sink.Append((byte)'<');
        sink.Append(element.Name);
        CanonicalText.WriteDeclarations(declarations, sink);
        WriteAttributes(element, sink);
        sink.Append((byte)'>');

        for (var child = element.FirstChild; child is not null; child = child.NextSibling)
        {
            switch (child)
            {
                case XmlElement e:
                    WriteElement(e, inclusive, rendered, sink, depth + 1);
                    break;
                case XmlText or XmlCDataSection or XmlWhitespace or XmlSignificantWhitespace:
                    CanonicalText.WriteText(child.Value, sink);
                    break;
                case XmlProcessingInstruction pi:
                    sink.Append("<?");
                    sink.Append(pi.Target);
                    if (!string.IsNullOrEmpty(pi.Data)) { sink.Append((byte)' '); sink.Append(pi.Data); }
                    sink.Append("?>");
                    break;
                case XmlEntityReference:
                    throw new XmlException("entity references cannot be canonicalized here");
            }
        }

        sink.Append("</");
        sink.Append(element.Name);
        sink.Append((byte)'>');
        rendered.Restore(mark);
    }

    /// <summary>The namespace declarations this element must render (written in canonical order); null when none.</summary>
    private static List<(string Prefix, string Uri)>? CollectDeclarations(XmlElement element, IReadOnlyCollection<string>? inclusive, RenderedNamespaces rendered)
    {
        List<(string Prefix, string Uri)>? result = null;

        // The element's own name always utilizes its prefix (the default namespace when unprefixed).
        rendered.Consider(element.Prefix, element.NamespaceURI, ref result);

        foreach (XmlAttribute attribute in element.Attributes)
        {
            if (IsNamespaceDeclaration(attribute)) continue;
            if (attribute.Prefix.Length > 0 && attribute.Prefix != "xml")
                rendered.Consider(attribute.Prefix, attribute.NamespaceURI, ref result);
        }

        // Prefixes of the InclusiveNamespaces PrefixList declared on an ancestor behave as in inclusive c14n.
        if (inclusive is not null && inclusive.Count > 0)
        {
            foreach (var token in inclusive)
            {
                var prefix = token == DefaultToken ? "" : token;
                if (result is not null && result.Exists(d => d.Prefix == prefix)) continue;
                var uri = element.GetNamespaceOfPrefix(prefix);
                if (uri.Length == 0 && prefix.Length != 0) continue; // not in scope
                rendered.Consider(prefix, uri, ref result);
            }
        }

        return result;
    }

    private static bool IsNamespaceDeclaration(XmlAttribute attribute) =>
        attribute.NamespaceURI == WsNamespaces.Xmlns;

    private static void WriteAttributes(XmlElement element, Utf8Sink sink)
    {
        var attributes = element.Attributes;
        var count = 0;
        foreach (XmlAttribute a in attributes) if (!IsNamespaceDeclaration(a)) count++;
        if (count == 0) return;

        if (count == 1)
        {
            foreach (XmlAttribute a in attributes) if (!IsNamespaceDeclaration(a)) WriteAttribute(a, sink);
            return;
        }

        var sorted = new XmlAttribute[count];
        var i = 0;
        foreach (XmlAttribute a in attributes) if (!IsNamespaceDeclaration(a)) sorted[i++] = a;
        Array.Sort(sorted, static (a, b) =>
        {
            var byNamespace = string.CompareOrdinal(a.NamespaceURI, b.NamespaceURI);
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.LocalName, b.LocalName);
        });
        foreach (var a in sorted) WriteAttribute(a, sink);
    }

    private static void WriteAttribute(XmlAttribute attribute, Utf8Sink sink)
    {
        sink.Append((byte)' ');
        sink.Append(attribute.Name);
        sink.Append("=\"");
        CanonicalText.WriteAttributeValue(attribute.Value, sink);
        sink.Append((byte)'"');
    }
}
