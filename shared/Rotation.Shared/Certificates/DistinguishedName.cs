using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rotation.Shared.Certificates;

/// <summary>One attribute of a relative distinguished name: its type (an OID) and its value as text.</summary>
public readonly record struct DnAttribute(string Oid, string Value);

/// <summary>
/// Distinguished names as RFC 4514 (RFC 2253) strings, the form WS-Security's X509IssuerName carries:
/// most specific RDN first ("CN=a,O=b"), with backslash escapes ("CN=Acme\, Inc."), hex-escaped UTF-8
/// ("CN=M\C3\BCller"), quoted values and multi-valued RDNs ("+"). Names compare as X.500 names:
/// attribute types by OID, values case-insensitively with inner white space folded.
/// </summary>
public static class DistinguishedName
{
    private static readonly (string Keyword, string Oid)[] Keywords =
    [
        ("CN", "2.5.4.3"), ("C", "2.5.4.6"), ("L", "2.5.4.7"), ("ST", "2.5.4.8"), ("O", "2.5.4.10"), ("OU", "2.5.4.11"),
        ("STREET", "2.5.4.9"), ("DC", "0.9.2342.19200300.100.1.25"), ("UID", "0.9.2342.19200300.100.1.1"),
        // Accepted when reading; written as OIDs, as RFC 4514 and Java's getName(RFC2253) do.
        ("S", "2.5.4.8"), ("SN", "2.5.4.4"), ("SERIALNUMBER", "2.5.4.5"), ("T", "2.5.4.12"), ("TITLE", "2.5.4.12"),
        ("G", "2.5.4.42"), ("GIVENNAME", "2.5.4.42"), ("E", "1.2.840.113549.1.9.1"), ("EMAIL", "1.2.840.113549.1.9.1"),
        ("EMAILADDRESS", "1.2.840.113549.1.9.1"),
    ];

    private const int WrittenKeywords = 9;

    /// <summary>The name's RDNs, most specific first (the order of RFC 4514 strings), each a set of attributes.</summary>
    public static IReadOnlyList<IReadOnlyList<DnAttribute>> Rdns(X500DistinguishedName name)
    {
        var rdns = new List<IReadOnlyList<DnAttribute>>();
        var sequence = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var set = sequence.ReadSetOf(skipSortOrderValidation: true);
            var attributes = new List<DnAttribute>();
            while (set.HasData)
            {
                var pair = set.ReadSequence();
                var oid = pair.ReadObjectIdentifier();
                attributes.Add(new DnAttribute(oid, DecodeValue(pair.ReadEncodedValue())));
            }
            rdns.Add(attributes);
        }
        rdns.Reverse();
        return rdns;
    }

    /// <summary>The RFC 2253 string, as WSS4J (Java's getName(RFC2253)) and libxmlsec1 write it.</summary>
    public static string Format(X500DistinguishedName name) =>
        string.Join(",", Rdns(name).Select(rdn => string.Join("+", rdn.Select(a => $"{KeywordOf(a.Oid)}={Escape(a.Value)}"))));

    /// <summary>Reads an RFC 4514 string; null when it is not one.</summary>
    public static IReadOnlyList<IReadOnlyList<DnAttribute>>? TryParse(string text)
    {
        var reader = new Reader(text.Trim());
        var rdns = new List<IReadOnlyList<DnAttribute>>();
        if (reader.AtEnd) return rdns;
        while (true)
        {
            var rdn = new List<DnAttribute>();
            while (true)
            {
                var type = reader.ReadType();
                if (type is null || !reader.Take('=')) return null;
                var oid = OidOf(type);
                var value = reader.ReadValue();
                if (oid is null || value is null) return null;
                rdn.Add(new DnAttribute(oid, value));
                if (!reader.Take('+')) break;
            }
            rdns.Add(rdn);
            if (reader.AtEnd) return rdns;
            if (!reader.Take(',') && !reader.Take(';')) return null;
        }
    }

    /// <summary>Whether a parsed name and a certificate's name are the same X.500 name.</summary>
    public static bool Matches(IReadOnlyList<IReadOnlyList<DnAttribute>> parsed, X500DistinguishedName name)
    {
        var actual = Rdns(name);
        if (actual.Count != parsed.Count) return false;
        for (var i = 0; i < actual.Count; i++)
        {
            if (actual[i].Count != parsed[i].Count) return false;
            var remaining = actual[i].ToList();
            foreach (var attribute in parsed[i])
            {
                var match = remaining.FindIndex(a => a.Oid == attribute.Oid && Normalize(a.Value) == Normalize(attribute.Value));
                if (match < 0) return false;
                remaining.RemoveAt(match);
            }
        }
        return true;
    }

    // X.520 caseIgnoreMatch, approximately: case and runs of inner white space do not matter.
    private static string Normalize(string value) =>
        string.Join(' ', value.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    private static string DecodeValue(ReadOnlyMemory<byte> encoded)
    {
        var tag = Asn1Tag.Decode(encoded.Span, out _);
        if (tag.TagClass == TagClass.Universal)
        {
            var type = (UniversalTagNumber)tag.TagValue;
            if (type is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String
                or UniversalTagNumber.BMPString or UniversalTagNumber.UniversalString or UniversalTagNumber.VisibleString
                or UniversalTagNumber.NumericString)
            {
                return AsnDecoder.ReadCharacterString(encoded.Span, AsnEncodingRules.BER, type, out _);
            }
            if (type == UniversalTagNumber.T61String)
                return Encoding.Latin1.GetString(AsnDecoder.ReadOctetString(encoded.Span, AsnEncodingRules.BER, out _, new Asn1Tag(UniversalTagNumber.T61String)));
        }
        // Anything else is written as RFC 4514's "#" followed by the hex of its encoding.
        return "#" + Convert.ToHexStringLower(encoded.Span);
    }

    private static string KeywordOf(string oid)
    {
        for (var i = 0; i < WrittenKeywords; i++)
            if (Keywords[i].Oid == oid) return Keywords[i].Keyword;
        return oid;
    }

    private static string? OidOf(string type)
    {
        var upper = type.ToUpperInvariant();
        if (upper.StartsWith("OID.", StringComparison.Ordinal)) upper = upper[4..];
        foreach (var (keyword, oid) in Keywords)
            if (keyword == upper) return oid;
        return upper.Length > 0 && char.IsAsciiDigit(upper[0]) && upper.All(c => char.IsAsciiDigit(c) || c == '.') ? upper : null;
    }

    private static string Escape(string value)
    {
        if (value.StartsWith('#') && value.Length > 1 && value.Skip(1).All(char.IsAsciiHexDigit)) return value;
        var text = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var special = c is '"' or '+' or ',' or ';' or '<' or '>' or '\\'
                || (i == 0 && (c == ' ' || c == '#'))
                || (i == value.Length - 1 && c == ' ');
            if (special) text.Append('\\');
            text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>A cursor over an RFC 4514 string.</summary>
    private sealed class Reader(string text)
    {
        private int _position;

        public bool AtEnd
        {
            get
            {
                SkipSpaces();
                return _position >= text.Length;
            }
        }

        public bool Take(char c)
        {
            SkipSpaces();
            if (_position >= text.Length || text[_position] != c) return false;
            _position++;
            return true;
        }

        public string? ReadType()
        {
            SkipSpaces();
            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '.' or '-')) _position++;
            return _position > start ? text[start.._position] : null;
        }

        public string? ReadValue()
        {
            SkipSpaces();
            if (_position < text.Length && text[_position] == '"') return ReadQuoted();
            if (_position < text.Length && text[_position] == '#') return ReadHexString();
            var bytes = new List<byte>();
            var lastSignificant = 0;
            while (_position < text.Length && text[_position] is not (',' or '+' or ';'))
            {
                var c = text[_position];
                if (c == '\\')
                {
                    if (++_position >= text.Length) return null;
                    if (_position + 1 < text.Length && char.IsAsciiHexDigit(text[_position]) && char.IsAsciiHexDigit(text[_position + 1]))
                    {
                        bytes.Add(byte.Parse(text.AsSpan(_position, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        _position += 2;
                    }
                    else
                    {
                        bytes.AddRange(Encoding.UTF8.GetBytes(text[_position].ToString()));
                        _position++;
                    }
                    lastSignificant = bytes.Count;
                    continue;
                }
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                if (c != ' ') lastSignificant = bytes.Count;
                _position++;
            }
            // Unescaped trailing spaces are not part of the value.
            return Encoding.UTF8.GetString(bytes.GetRange(0, lastSignificant).ToArray());
        }

        private string? ReadQuoted()
        {
            _position++;
            var value = new StringBuilder();
            while (_position < text.Length && text[_position] != '"')
            {
                if (text[_position] == '\\' && _position + 1 < text.Length) _position++;
                value.Append(text[_position++]);
            }
            if (_position >= text.Length) return null;
            _position++;
            return value.ToString();
        }

        private string? ReadHexString()
        {
            var start = _position++;
            while (_position < text.Length && char.IsAsciiHexDigit(text[_position])) _position++;
            var hex = text[(start + 1).._position];
            if (hex.Length == 0 || hex.Length % 2 != 0) return null;
            try
            {
                return DecodeValue(Convert.FromHexString(hex));
            }
            catch (Exception e) when (e is AsnContentException or FormatException)
            {
                return "#" + hex.ToLowerInvariant();
            }
        }

        private void SkipSpaces()
        {
            while (_position < text.Length && text[_position] == ' ') _position++;
        }
    }
}
