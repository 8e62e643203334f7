namespace Rotation.Shared.WsSecurity;

/// <summary>
/// Where the Header and Body tags of an envelope sit in its bytes, so that the signer can insert the
/// Security header and the Body's wsu:Id without re-serialising anything (docs/DESIGN.md §7a). Runs on bytes an
/// <see cref="System.Xml.XmlReader"/> has already found well-formed, so a small scanner suffices: in
/// well-formed XML a '&lt;' outside comments, CDATA and processing instructions always opens a tag, and a
/// '&gt;' ends a start tag unless it is inside a quoted attribute value.
/// </summary>
internal static class EnvelopeMarkup
{
    /// <summary>
    /// Finds the children of the root element with the given positions (0-based, elements only; -1 for none)
    /// and checks that they carry the names the reader saw.
    /// </summary>
    public static (ChildTags? Header, ChildTags Body) Locate(ReadOnlySpan<byte> xml, int headerIndex, string? headerName, int bodyIndex, string bodyName)
    {
        ChildTags? header = null, body = null;
        var open = 0;
        var child = -1;
        var i = 0;
        while (body is null || (headerIndex >= 0 && header is not { EndTag: >= 0 }))
        {
            var next = xml[i..].IndexOf((byte)'<');
            if (next < 0) break;
            i += next;
            var rest = xml[i..];
            if (rest.StartsWith("<?"u8)) i = After(xml, i + 2, "?>"u8);
            else if (rest.StartsWith("<!--"u8)) i = After(xml, i + 4, "-->"u8);
            else if (rest.StartsWith("<![CDATA["u8)) i = After(xml, i + 9, "]]>"u8);
            else if (rest.StartsWith("<!"u8)) throw new FormatException("a document type declaration cannot be signed");
            else if (rest.StartsWith("</"u8))
            {
                open--;
                if (open == 1 && child == headerIndex && header is { } h) header = h with { EndTag = i };
                i = After(xml, i + 2, ">"u8);
                if (open == 0) break;
            }
            else
            {
                var end = StartTagEnd(xml, i);
                var empty = xml[end - 2] == (byte)'/';
                if (open == 1)
                {
                    child++;
                    if (child == headerIndex)
                    {
                        CheckName(xml, i, headerName!);
                        header = new ChildTags(i, end, empty, empty ? end : -1);
                    }
                    if (child == bodyIndex)
                    {
                        CheckName(xml, i, bodyName);
                        body = new ChildTags(i, end, empty, -1);
                    }
                }
                if (!empty) open++;
                i = end;
            }
        }
        return (header, body ?? throw new FormatException("the Body's start tag was not found in the bytes"));
    }

    private static int After(ReadOnlySpan<byte> xml, int from, ReadOnlySpan<byte> terminator)
    {
        var at = xml[from..].IndexOf(terminator);
        if (at < 0) throw new FormatException("unterminated markup");
        return from + at + terminator.Length;
    }

    private static int StartTagEnd(ReadOnlySpan<byte> xml, int start)
    {
        for (var i = start + 1; i < xml.Length; i++)
        {
            var b = xml[i];
            if (b == (byte)'>') return i + 1;
            if (b is (byte)'"' or (byte)'\'')
            {
                var close = xml[(i + 1)..].IndexOf(b);
                if (close < 0) break;
                i += close + 1;
            }
        }
        throw new FormatException("unterminated start tag");
    }

    /// <summary>The tag's qualified name, which must be the one the reader reported: the scanner and the parser agree on every position.</summary>
    private static void CheckName(ReadOnlySpan<byte> xml, int start, string expected)
    {
        var name = xml[(start + 1)..];
        var length = name.IndexOfAny(" \t\r\n/>"u8);
        if (length < 0 || !System.Text.Encoding.UTF8.GetString(name[..length]).Equals(expected, StringComparison.Ordinal))
            throw new InvalidOperationException($"the envelope's markup scan disagrees with the parser about <{expected}>");
    }
}
