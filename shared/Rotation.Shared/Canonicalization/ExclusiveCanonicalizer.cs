using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Canonicalization;

/// <summary>
/// Exclusive XML Canonicalization 1.0 without comments (http://www.w3.org/2001/10/xml-exc-c14n#) of an
/// element subtree, computed on the DOM already parsed. SignedXml re-serialises and re-parses every
/// referenced element (docs/DESIGN.md §7a); this walks the tree once and writes UTF-8 directly.
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
        var inclusive = InclusivePrefixes(inclusivePrefixes);
        var mark = rendered.Mark();
        // The apex renders every listed prefix in scope there; below it a listed prefix can only need rendering
        // again where an element declares it anew, so descendants look at their own declarations, never the list.
        var declarations = CollectUtilized(element, rendered);
        if (inclusive is not null) ConsiderInScopeAtApex(element, inclusive, rendered, ref declarations);
        WriteContent(element, declarations, inclusive, rendered, sink, 0);
        rendered.Restore(mark);
    }

    private static void WriteElement(XmlElement element, HashSet<string>? inclusive, RenderedNamespaces rendered, Utf8Sink sink, int depth)
    {
        if (depth > MaxDepth) throw new XmlException($"elements nest deeper than {MaxDepth} levels");
        var mark = rendered.Mark();
        var declarations = CollectUtilized(element, rendered);
        if (inclusive is not null) ConsiderRedeclared(element, inclusive, rendered, ref declarations);
        WriteContent(element, declarations, inclusive, rendered, sink, depth);
        rendered.Restore(mark);
    }

    private static void WriteContent(XmlElement element, List<(string Prefix, string Uri)>? declarations, HashSet<string>? inclusive, RenderedNamespaces rendered, Utf8Sink sink, int depth)
    {
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
    }

    /// <summary>The PrefixList as a set of prefixes ("" for #default); null when empty.</summary>
    internal static HashSet<string>? InclusivePrefixes(IReadOnlyCollection<string>? tokens)
    {
        if (tokens is null || tokens.Count == 0) return null;
        var set = new HashSet<string>(tokens.Count, StringComparer.Ordinal);
        foreach (var token in tokens) set.Add(token == DefaultToken ? "" : token);
        return set;
    }

    /// <summary>The declarations for the prefixes the element visibly utilizes (its own and its attributes'); null when none.</summary>
    private static List<(string Prefix, string Uri)>? CollectUtilized(XmlElement element, RenderedNamespaces rendered)
    {
        List<(string Prefix, string Uri)>? result = null;

        // The element's own name always utilizes its prefix (the default namespace when unprefixed).
        rendered.Consider(element.Prefix, element.NamespaceURI, ref result);
        // HasAttributes first: reading Attributes creates a collection for every element that has none.
        if (!element.HasAttributes) return result;

        foreach (XmlAttribute attribute in element.Attributes)
        {
            if (IsNamespaceDeclaration(attribute)) continue;
            if (attribute.Prefix.Length > 0 && attribute.Prefix != "xml")
                rendered.Consider(attribute.Prefix, attribute.NamespaceURI, ref result);
        }
        return result;
    }

    /// <summary>
    /// Prefixes of the InclusiveNamespaces PrefixList in scope at the apex behave as in inclusive c14n: found in one
    /// walk up the ancestors, in the order <see cref="XmlNode.GetNamespaceOfPrefix"/> would find them.
    /// </summary>
    private static void ConsiderInScopeAtApex(XmlElement apex, HashSet<string> inclusive, RenderedNamespaces rendered, ref List<(string Prefix, string Uri)>? declarations)
    {
        var inScope = new Dictionary<string, string>(StringComparer.Ordinal);
        for (XmlNode? node = apex; node is XmlElement element && inScope.Count < inclusive.Count; node = node.ParentNode)
        {
            foreach (XmlAttribute attribute in element.Attributes)
            {
                if (IsNamespaceDeclaration(attribute) && inclusive.Contains(DeclaredPrefix(attribute)))
                    inScope.TryAdd(DeclaredPrefix(attribute), attribute.Value);
            }
            if (inclusive.Contains(element.Prefix)) inScope.TryAdd(element.Prefix, element.NamespaceURI);
        }
        foreach (var prefix in inclusive)
        {
            var uri = inScope.GetValueOrDefault(prefix, "");
            if (uri.Length == 0 && prefix.Length != 0) continue; // not in scope
            rendered.Consider(prefix, uri, ref declarations);
        }
    }

    /// <summary>Below the apex: a listed prefix this element declares (xmlns="" included) is rendered unless the binding is unchanged.</summary>
    private static void ConsiderRedeclared(XmlElement element, HashSet<string> inclusive, RenderedNamespaces rendered, ref List<(string Prefix, string Uri)>? declarations)
    {
        if (!element.HasAttributes) return;
        foreach (XmlAttribute attribute in element.Attributes)
        {
            if (!IsNamespaceDeclaration(attribute)) continue;
            var prefix = DeclaredPrefix(attribute);
            if (!inclusive.Contains(prefix) || (attribute.Value.Length == 0 && prefix.Length != 0)) continue;
            rendered.Consider(prefix, attribute.Value, ref declarations);
        }
    }

    /// <summary>"p" for xmlns:p, "" for xmlns.</summary>
    private static string DeclaredPrefix(XmlAttribute declaration) => declaration.Prefix.Length == 0 ? "" : declaration.LocalName;

    private static bool IsNamespaceDeclaration(XmlAttribute attribute) =>
        attribute.NamespaceURI == WsNamespaces.Xmlns;

    private static void WriteAttributes(XmlElement element, Utf8Sink sink)
    {
        if (!element.HasAttributes) return;
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
