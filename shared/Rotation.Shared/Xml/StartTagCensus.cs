using System.Numerics;
using System.Runtime.InteropServices;

namespace Rotation.Shared.Xml;

/// <summary>
/// Counts the attributes and namespace declarations of every start tag in the raw text before any parser reads it.
/// The framework's reader takes each start tag whole, in about as long per attribute as the rest of a document takes
/// per element: a 1 MiB start tag of 100,000 attributes cost it a third of a second. This pass costs a scan for
/// '&lt;' and, inside tags, for quotes and '='. It trusts nothing it finds: on text that is not well-formed it may count
/// wrongly, and the parser that runs next refuses that text anyway.
/// </summary>
internal static class StartTagCensus
{
    /// <summary>The first start tag over <paramref name="limits"/>, or null. UTF-8 and UTF-16LE text is counted; other encodings are left to the parser.</summary>
    public static XmlLimitBreach? Check(ReadOnlySpan<byte> document, XmlLimits limits)
    {
        if (document.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || (document.Length >= 2 && document[0] == (byte)'<' && document[1] == 0))
            return Check(MemoryMarshal.Cast<byte, char>(document[(document[0] == 0xFF ? 2 : 0)..(document.Length & ~1)]), limits);
        if (document.Length >= 2 && (document[0] is 0x00 or 0xFE)) return null; // UTF-16BE, UTF-32: the parser's own bounds apply
        return Check<byte>(document, limits);
    }

    private static XmlLimitBreach? Check<T>(ReadOnlySpan<T> text, XmlLimits limits) where T : unmanaged, IBinaryInteger<T>
    {
        T lt = T.CreateTruncating('<'), gt = T.CreateTruncating('>'), quote = T.CreateTruncating('"'), apostrophe = T.CreateTruncating('\''),
          equals = T.CreateTruncating('='), bang = T.CreateTruncating('!'), question = T.CreateTruncating('?'), slash = T.CreateTruncating('/');
        ReadOnlySpan<T> tagSpecials = [gt, equals, quote, apostrophe];
        var i = 0;
        while (true)
        {
            var open = text[i..].IndexOf(lt);
            if (open < 0) return null;
            i += open + 1;
            if (i >= text.Length) return null;
            var first = text[i];
            if (first == bang || first == question)
            {
                // Comments, CDATA and processing instructions may hold '<' and quotes that open nothing; a DTD is the parser's to refuse.
                var end = first == question ? Find(text, i, "?>") : StartsWith(text, i, "!--") ? Find(text, i, "-->") : StartsWith(text, i, "![CDATA[") ? Find(text, i, "]]>") : -1;
                if (end < 0) return null;
                i = end;
                continue;
            }
            if (first == slash) continue;

            int attributes = 0, declarations = 0;
            while (i < text.Length)
            {
                var next = text[i..].IndexOfAny(tagSpecials);
                if (next < 0) return null;
                i += next;
                var c = text[i];
                if (c == gt) break;
                if (c == equals)
                {
                    if (IsDeclaration(text, i)) declarations++;
                    else attributes++;
                    if (attributes > limits.MaxAttributesPerElement)
                        return new XmlLimitBreach(XmlLimit.Attributes, $"a start tag has more than {limits.MaxAttributesPerElement} attributes");
                    if (declarations > limits.MaxNamespaceDeclarationsPerElement)
                        return new XmlLimitBreach(XmlLimit.NamespaceDeclarations, $"a start tag has more than {limits.MaxNamespaceDeclarationsPerElement} namespace declarations");
                    i++;
                    continue;
                }
                var close = text[(i + 1)..].IndexOf(c);
                if (close < 0) return null;
                i += close + 2;
            }
        }
    }

    /// <summary>Whether the name before the '=' at <paramref name="equalsAt"/> is xmlns or xmlns:prefix.</summary>
    private static bool IsDeclaration<T>(ReadOnlySpan<T> text, int equalsAt) where T : unmanaged, IBinaryInteger<T>
    {
        var end = equalsAt;
        while (end > 0 && IsSpace(text[end - 1])) end--;
        var start = end;
        // Stopping at the previous '=' or quote too keeps the walks back linear in total, however the text repeats them.
        while (start > 0 && !IsSpace(text[start - 1]) && !IsNameBoundary(text[start - 1])) start--;
        var name = text[start..end];
        return StartsWith(name, 0, "xmlns") && (name.Length == 5 || name[5] == T.CreateTruncating(':'));
    }

    private static bool IsNameBoundary<T>(T c) where T : IBinaryInteger<T> =>
        c == T.CreateTruncating('<') || c == T.CreateTruncating('=') || c == T.CreateTruncating('"') || c == T.CreateTruncating('\'');

    private static bool IsSpace<T>(T c) where T : IBinaryInteger<T> =>
        c == T.CreateTruncating(' ') || c == T.CreateTruncating('\t') || c == T.CreateTruncating('\n') || c == T.CreateTruncating('\r');

    private static bool StartsWith<T>(ReadOnlySpan<T> text, int at, string ascii) where T : unmanaged, IBinaryInteger<T>
    {
        if (text.Length - at < ascii.Length) return false;
        for (var k = 0; k < ascii.Length; k++)
            if (text[at + k] != T.CreateTruncating(ascii[k])) return false;
        return true;
    }

    /// <summary>The position after the next <paramref name="terminator"/> from <paramref name="from"/>, or -1.</summary>
    private static int Find<T>(ReadOnlySpan<T> text, int from, string terminator) where T : unmanaged, IBinaryInteger<T>
    {
        var last = T.CreateTruncating(terminator[^1]);
        for (var i = from; i < text.Length;)
        {
            var at = text[i..].IndexOf(last);
            if (at < 0) return -1;
            i += at + 1;
            if (i - from >= terminator.Length && StartsWith(text, i - terminator.Length, terminator)) return i;
        }
        return -1;
    }
}
