namespace Rotation.Tenant.Signing;

/// <summary>
/// Maps an <see cref="System.Xml.IXmlLineInfo"/> position (1-based line, 1-based UTF-16 position in that line, as the
/// reader counts them) back to a byte offset in the UTF-8 document it read. The reader starts a line after LF, CR LF
/// and a lone CR, and does not count a leading byte order mark; the document is valid UTF-8 (checked at the door).
/// </summary>
internal static class Utf8LinePositions
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>The offset, or null when the position lies beyond the document.</summary>
    public static int? ByteOffset(ReadOnlySpan<byte> utf8, int line, int position)
    {
        var i = utf8.StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        for (var current = 1; current < line; current++)
        {
            var end = utf8[i..].IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0) return null;
            i += end + 1;
            if (utf8[i - 1] == '\r' && i < utf8.Length && utf8[i] == '\n') i++;
        }
        for (var units = position - 1; units > 0; units -= 1)
        {
            if (i >= utf8.Length) return null;
            var lead = utf8[i];
            var length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            // Outside the Basic Multilingual Plane a character is two UTF-16 units (a surrogate pair).
            if (length == 4) units -= 1;
            i += length;
        }
        return i <= utf8.Length ? i : null;
    }
}
