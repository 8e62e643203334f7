using System.Buffers;

namespace Rotation.Shared.Canonicalization;

/// <summary>The escaping rules of Canonical XML for text and attribute values, shared by both canonicalizers.</summary>
internal static class CanonicalText
{
    private static readonly SearchValues<char> TextSpecials = SearchValues.Create("&<>\r");
    private static readonly SearchValues<char> AttributeSpecials = SearchValues.Create("&<\"\t\n\r");

    public static void WriteText(string? text, Utf8Sink sink)
    {
        if (string.IsNullOrEmpty(text)) return;
        var span = text.AsSpan();
        while (!span.IsEmpty)
        {
            var next = span.IndexOfAny(TextSpecials);
            if (next < 0) { sink.Append(span); return; }
            sink.Append(span[..next]);
            sink.Append(span[next] switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", _ => "&#xD;" });
            span = span[(next + 1)..];
        }
    }

    public static void WriteAttributeValue(string text, Utf8Sink sink)
    {
        var span = text.AsSpan();
        while (!span.IsEmpty)
        {
            var next = span.IndexOfAny(AttributeSpecials);
            if (next < 0) { sink.Append(span); return; }
            sink.Append(span[..next]);
            sink.Append(span[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '"' => "&quot;",
                '\t' => "&#x9;",
                '\n' => "&#xA;",
                _ => "&#xD;",
            });
            span = span[(next + 1)..];
        }
    }

    /// <summary>Namespace declarations in canonical order: by prefix, the default namespace first.</summary>
    public static void WriteDeclarations(List<(string Prefix, string Uri)>? declarations, Utf8Sink sink)
    {
        if (declarations is null) return;
        declarations.Sort(static (a, b) => string.CompareOrdinal(a.Prefix, b.Prefix));
        foreach (var (prefix, uri) in declarations)
        {
            sink.Append(prefix.Length == 0 ? " xmlns=\"" : " xmlns:");
            if (prefix.Length != 0) { sink.Append(prefix); sink.Append("=\""); }
            WriteAttributeValue(uri, sink);
            sink.Append((byte)'"');
        }
    }
}
