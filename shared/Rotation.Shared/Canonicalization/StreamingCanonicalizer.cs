using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Canonicalization;

/// <summary>
/// Exclusive XML Canonicalization 1.0 without comments of the element an <see cref="XmlReader"/> stands on,
/// computed while reading: the signer canonicalises the Body as it parses the response once, and the verifier
/// digests the received Body the same way, with no DOM for it (docs/DESIGN.md §3, §7a). Same rules and escaping as
/// <see cref="ExclusiveCanonicalizer"/>; tests hold both byte-for-byte against XmlDsigExcC14NTransform and against
/// each other.
/// </summary>
internal static class StreamingCanonicalizer
{
    /// <summary>
    /// Writes the subtree of the element the reader is on and leaves the reader on its last node (the end tag,
    /// or the element itself when empty). <paramref name="added"/> is an attribute the caller will add to that
    /// element's start tag in the output: the canonical form must already contain it.
    /// </summary>
    public static void Canonicalize(XmlReader reader, Utf8Sink sink, AddedAttribute? added = null) =>
        Canonicalize(reader, sink, added, inclusive: null, onStartTag: null);

    /// <summary>
    /// As <see cref="Canonicalize(XmlReader, Utf8Sink, AddedAttribute?)"/>, with an InclusiveNamespaces PrefixList
    /// ("#default" for the default namespace). <paramref name="onStartTag"/> sees the reader on every start tag
    /// (the apex's included) before it is written, so one pass can also inspect what it canonicalises.
    /// </summary>
    public static void Canonicalize(XmlReader reader, IReadOnlyCollection<string>? inclusivePrefixes, Utf8Sink sink, Action<XmlReader>? onStartTag = null) =>
        Canonicalize(reader, sink, added: null, ExclusiveCanonicalizer.InclusivePrefixes(inclusivePrefixes), onStartTag);

    private static void Canonicalize(XmlReader reader, Utf8Sink sink, AddedAttribute? added, HashSet<string>? inclusive, Action<XmlReader>? onStartTag)
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
                    onStartTag?.Invoke(reader);
                    var mark = rendered.Mark();
                    var apex = reader.Depth == apexDepth;
                    WriteStartTag(reader, rendered, attributes, apex ? added : null, new InclusiveRule(inclusive, apex), sink);
                    if (reader.IsEmptyElement)
                    {
                        WriteEndTag(reader.Name, sink);
                        rendered.Restore(mark);
                        if (apex) return;
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

    private static void WriteStartTag(XmlReader reader, RenderedNamespaces rendered, List<Attribute> attributes, AddedAttribute? added, InclusiveRule inclusive, Utf8Sink sink)
    {
        List<(string Prefix, string Uri)>? declarations = null;
        rendered.Consider(reader.Prefix, reader.NamespaceURI, ref declarations);
        attributes.Clear();
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI == WsNamespaces.Xmlns)
                {
                    if (inclusive.BelowApex) ConsiderRedeclared(reader, inclusive.Prefixes!, rendered, ref declarations);
                    continue;
                }
                if (reader.Prefix.Length > 0) rendered.Consider(reader.Prefix, reader.NamespaceURI, ref declarations);
                attributes.Add(new Attribute(reader.Name, reader.NamespaceURI, reader.LocalName, reader.Value));
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        if (inclusive.AtApex) ConsiderInScopeAtApex(reader, inclusive.Prefixes!, rendered, ref declarations);
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

    /// <summary>
    /// The apex renders every listed prefix in scope there, as <see cref="ExclusiveCanonicalizer"/> finds it walking up
    /// the ancestors; the reader knows the in-scope bindings already. The default namespace counts as empty when unbound.
    /// </summary>
    private static void ConsiderInScopeAtApex(XmlReader reader, HashSet<string> inclusive, RenderedNamespaces rendered, ref List<(string Prefix, string Uri)>? declarations)
    {
        foreach (var prefix in inclusive)
        {
            // The reader binds "xmlns" by definition; no declaration does, so the tree walk never finds it.
            if (prefix == "xmlns") continue;
            var uri = reader.LookupNamespace(prefix) ?? "";
            if (uri.Length == 0 && prefix.Length != 0) continue; // not in scope
            rendered.Consider(prefix, uri, ref declarations);
        }
    }

    /// <summary>Below the apex: a listed prefix the element declares (xmlns="" included) is rendered unless the binding is unchanged.</summary>
    private static void ConsiderRedeclared(XmlReader declaration, HashSet<string> inclusive, RenderedNamespaces rendered, ref List<(string Prefix, string Uri)>? declarations)
    {
        var prefix = declaration.Prefix.Length == 0 ? "" : declaration.LocalName;
        var uri = declaration.Value;
        if (!inclusive.Contains(prefix) || (uri.Length == 0 && prefix.Length != 0)) return;
        rendered.Consider(prefix, uri, ref declarations);
    }

    private static void WriteEndTag(string name, Utf8Sink sink)
    {
        sink.Append("</");
        sink.Append(name);
        sink.Append((byte)'>');
    }

    private readonly record struct Attribute(string Name, string NamespaceUri, string LocalName, string Value);

    /// <summary>Which PrefixList rule applies to an element: the in-scope one at the apex, the redeclaration one below it.</summary>
    private readonly record struct InclusiveRule(HashSet<string>? Prefixes, bool Apex)
    {
        public bool AtApex => Prefixes is not null && Apex;
        public bool BelowApex => Prefixes is not null && !Apex;
    }
}
