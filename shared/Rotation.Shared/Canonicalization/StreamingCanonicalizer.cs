using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Canonicalization;

/// <summary>
/// Exclusive XML Canonicalization 1.0 without comments of the element an <see cref="XmlReader"/> stands on,
/// computed while reading: the signer canonicalises the Body as it parses the response once, with no DOM
/// (docs/DESIGN.md §7a). Same rules and escaping as <see cref="ExclusiveCanonicalizer"/>; tests hold both
/// byte-for-byte against XmlDsigExcC14NTransform.
/// </summary>
internal static class StreamingCanonicalizer
{
    /// <summary>
    /// Writes the subtree of the element the reader is on and leaves the reader on its last node (the end tag,
    /// or the element itself when empty). <paramref name="added"/> is an attribute the caller will add to that
    /// element's start tag in the output: the canonical form must already contain it.
    /// </summary>
    public static void Canonicalize(XmlReader reader, Utf8Sink sink, AddedAttribute? added = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.NodeType != XmlNodeType.Element) throw new ArgumentException("the reader is not on an element", nameof(reader));
        var apexDepth = reader.Depth;
        var rendered = new RenderedNamespaces();
        var marks = new Stack<int>();
        var attributes = new List<Attribute>();
        while (true)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var mark = rendered.Mark();
                    WriteStartTag(reader, rendered, attributes, reader.Depth == apexDepth ? added : null, sink);
                    if (reader.IsEmptyElement)
                    {
                        WriteEndTag(reader.Name, sink);
                        rendered.Restore(mark);
                        if (reader.Depth == apexDepth) return;
                    }
                    else marks.Push(mark);
                    break;
                case XmlNodeType.EndElement:
                    WriteEndTag(reader.Name, sink);
                    rendered.Restore(marks.Pop());
                    if (reader.Depth == apexDepth) return;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    CanonicalText.WriteText(reader.Value, sink);
                    break;
                case XmlNodeType.ProcessingInstruction:
                    sink.Append("<?");
                    sink.Append(reader.Name);
                    if (reader.Value.Length > 0) { sink.Append((byte)' '); sink.Append(reader.Value); }
                    sink.Append("?>");
                    break;
                case XmlNodeType.Comment:
                    break;
                default:
                    throw new XmlException($"{reader.NodeType} nodes cannot be canonicalized here");
            }
            if (!reader.Read()) throw new XmlException("the document ended inside the element being canonicalized");
        }
    }

    private static void WriteStartTag(XmlReader reader, RenderedNamespaces rendered, List<Attribute> attributes, AddedAttribute? added, Utf8Sink sink)
    {
        List<(string Prefix, string Uri)>? declarations = null;
        rendered.Consider(reader.Prefix, reader.NamespaceURI, ref declarations);
        attributes.Clear();
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI == WsNamespaces.Xmlns) continue;
                if (reader.Prefix.Length > 0) rendered.Consider(reader.Prefix, reader.NamespaceURI, ref declarations);
                attributes.Add(new Attribute(reader.Name, reader.NamespaceURI, reader.LocalName, reader.Value));
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        if (added is { } extra)
        {
            rendered.Consider(extra.Prefix, extra.NamespaceUri, ref declarations);
            attributes.Add(new Attribute(extra.Prefix + ":" + extra.LocalName, extra.NamespaceUri, extra.LocalName, extra.Value));
        }

        sink.Append((byte)'<');
        sink.Append(reader.Name);
        CanonicalText.WriteDeclarations(declarations, sink);
        if (attributes.Count > 1)
            attributes.Sort(static (a, b) => string.CompareOrdinal(a.NamespaceUri, b.NamespaceUri) is var byNamespace and not 0 ? byNamespace : string.CompareOrdinal(a.LocalName, b.LocalName));
        foreach (var attribute in attributes)
        {
            sink.Append((byte)' ');
            sink.Append(attribute.Name);
            sink.Append("=\"");
            CanonicalText.WriteAttributeValue(attribute.Value, sink);
            sink.Append((byte)'"');
        }
        sink.Append((byte)'>');
    }

    private static void WriteEndTag(string name, Utf8Sink sink)
    {
        sink.Append("</");
        sink.Append(name);
        sink.Append((byte)'>');
    }

    private readonly record struct Attribute(string Name, string NamespaceUri, string LocalName, string Value);
}
