using System.Xml;

namespace Rotation.Tenant.Signing;

/// <summary>
/// The start and end tag positions of the one wsse:Security header addressed to this node, as the shape pass's reader
/// reports them, turned into the header's byte range. Anything unexpected (a second such header, an empty element, a
/// position that does not land on its tag) yields no range: the flow then gets the request whole, as before.
/// </summary>
internal sealed class SecurityHeaderSpan
{
    private (int Line, int Position)? _start;
    private (int Line, int Position)? _end;
    private int _seen;

    public bool Open => _start is not null && _end is null && _seen == 1;

    public void Begin(IXmlLineInfo at, bool empty)
    {
        _seen++;
        if (!empty && _seen == 1) _start = (at.LineNumber, at.LinePosition);
    }

    public void Close(IXmlLineInfo at) => _end = (at.LineNumber, at.LinePosition);

    /// <summary>From its '&lt;' to its end tag's '&gt;' inclusive, within <paramref name="request"/>.</summary>
    public Range? Bytes(ReadOnlySpan<byte> request)
    {
        if (_seen != 1 || _start is not { } start || _end is not { } end) return null;
        // Both positions point at a tag's name: the start tag's '<' is one byte before, the end tag's "</" two.
        if (Utf8LinePositions.ByteOffset(request, start.Line, start.Position) is not { } name || name < 1 || request[name - 1] != '<') return null;
        if (Utf8LinePositions.ByteOffset(request, end.Line, end.Position) is not { } endName || endName < 2 || request[endName - 2] != '<' || request[endName - 1] != '/') return null;
        var close = request[endName..].IndexOf((byte)'>');
        return close < 0 ? null : new Range(name - 1, endName + close + 1);
    }
}
