using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// An independent RFC 2253 rendering of a DN, read straight from its DER: RDNs in reverse order of
/// the encoding (most specific first), "," between them, special characters backslash-escaped —
/// what Java's X500Principal.getName() and `openssl x509 -nameopt RFC2253` print, and so what
/// WSS4J writes into X509IssuerName. It does not use .NET's DN formatting, which it checks.
/// </summary>
public static class Rfc2253
{
    private static readonly Dictionary<string, string> ShortNames = new()
    {
        ["2.5.4.3"] = "CN", ["2.5.4.6"] = "C", ["2.5.4.7"] = "L", ["2.5.4.8"] = "ST",
        ["2.5.4.10"] = "O", ["2.5.4.11"] = "OU", ["2.5.4.9"] = "STREET",
    };

    public static string Format(X500DistinguishedName name)
    {
        var rdns = new List<string>();
        var sequence = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var set = sequence.ReadSetOf();
            var parts = new List<string>();
            while (set.HasData)
            {
                var attribute = set.ReadSequence();
                var oid = attribute.ReadObjectIdentifier();
                var value = attribute.ReadCharacterString(attribute.PeekTag().TagValue switch
                {
                    (int)UniversalTagNumber.PrintableString => UniversalTagNumber.PrintableString,
                    (int)UniversalTagNumber.IA5String => UniversalTagNumber.IA5String,
                    (int)UniversalTagNumber.BMPString => UniversalTagNumber.BMPString,
                    _ => UniversalTagNumber.UTF8String,
                });
                parts.Add($"{ShortNames.GetValueOrDefault(oid, oid)}={Escape(value)}");
            }
            rdns.Add(string.Join('+', parts));
        }
        rdns.Reverse();
        return string.Join(',', rdns);
    }

    private static string Escape(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' || (i == 0 && c is ' ' or '#') || (i == value.Length - 1 && c == ' '))
                text.Append('\\');
            text.Append(c);
        }
        return text.ToString();
    }
}
