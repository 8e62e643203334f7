using System.Security.Cryptography.X509Certificates;
using System.Text;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

/// <summary>What a hostile envelope abuses to make the verifier work before any signature is checked.</summary>
public enum HostileKind
{
    PrefixList,
    NamespaceDeclarations,
    Attributes,
    SerialNumber,
    DeepNesting,
    References,
    BinarySecurityToken,
    Body,
}

/// <summary>
/// Hostile envelopes of exactly 1 MiB (docs/DESIGN.md §3 item 9), each a response signed by the trusted key with a
/// fresh Timestamp and then bent the way an attacker holding only the public certificate could: the tests assert
/// each is refused by the cap meant for it, the benchmark measures how fast. Shared by both (the benchmark links
/// this file), so both see the same bytes.
/// </summary>
public static class HostileEnvelopes
{
    public const int Size = 1024 * 1024;

    /// <summary>The reason each kind must be refused with: the cap that stops it before the expensive path.</summary>
    public static RejectReason ExpectedReason(HostileKind kind) => kind switch
    {
        HostileKind.PrefixList => RejectReason.PrefixListTooLong,
        HostileKind.NamespaceDeclarations => RejectReason.TooManyNamespaceDeclarations,
        HostileKind.Attributes => RejectReason.TooManyAttributes,
        HostileKind.SerialNumber => RejectReason.SerialNumberTooLong,
        HostileKind.DeepNesting => RejectReason.NestingTooDeep,
        HostileKind.References => RejectReason.TooManyReferences,
        HostileKind.BinarySecurityToken => RejectReason.TokenTooLarge,
        // The captured signature still verifies; only the Body's digest, over all of the 1 MiB, can refuse it.
        HostileKind.Body => RejectReason.DigestMismatch,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// A small response signed now (by <paramref name="time"/>) with the certificate's key, as the tenant signs; its
    /// Timestamp lasts an hour, so a benchmark run outlives none of its envelopes.
    /// </summary>
    public static string Signed(X509Certificate2 certificate, TimeProvider time,
        string bodyContent = "<SubmitOrderResponse xmlns=\"urn:rotation:orders\"><OrderId>PO-4711</OrderId></SubmitOrderResponse>")
    {
        var envelope = $"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>{bodyContent}</s:Body></s:Envelope>";
        return Encoding.UTF8.GetString(new ResponseSigner(time).Sign(Encoding.UTF8.GetBytes(envelope), new SigningKey(certificate), new SignerSettings { TimestampTimeToLive = TimeSpan.FromHours(1) }));
    }

    /// <summary>The signed envelope grown to exactly <see cref="Size"/> bytes by a comment after the Body: still valid.</summary>
    public static byte[] Padded(string signed) => Pad(signed);

    public static byte[] Create(HostileKind kind, string signed) => kind switch
    {
        HostileKind.PrefixList => Repeat(signed, "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\">",
            "<ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"", i => $"p{i} ", "\"></ec:InclusiveNamespaces>"),
        HostileKind.NamespaceDeclarations => Repeat(signed, "<ds:SignedInfo", "", i => $" xmlns:q{i}=\"urn:q{i}\"", ""),
        HostileKind.Attributes => Repeat(signed, "<ds:SignedInfo", "", i => $" a{i}=\"v\"", ""),
        HostileKind.SerialNumber => Repeat(signed, "<wsse:SecurityTokenReference>",
            "<ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>CN=Rotation Tenant</ds:X509IssuerName><ds:X509SerialNumber>", _ => "7777777777",
            "</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data>"),
        HostileKind.DeepNesting => Nested(signed),
        HostileKind.References => Repeat(signed, "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"></ds:SignatureMethod>", "",
            i => $"<ds:Reference URI=\"#r{i}\"><ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"></ds:Transform></ds:Transforms>" +
                 "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"></ds:DigestMethod><ds:DigestValue>i/0LJzm/rqyFTzISRCmDf1IdaAuptVp2ZKjM/rEMFPA=</ds:DigestValue></ds:Reference>", ""),
        HostileKind.BinarySecurityToken => Repeat(Between(signed, "</wsse:BinarySecurityToken>", ">"), "\">", "", _ => "MIIDDTCCAfWgAwIBAgIQc8Z7CmpcREg8HOPDsXmtKz==", "", after: "<wsse:BinarySecurityToken "),
        HostileKind.Body => Repeat(Between(signed, "</s:Body>", ">"), "wsu:Id=\"Body-", "", i => $"<Line><Sku>SKU-{i % 1000:D4}</Sku><Quantity>{i % 7 + 1}</Quantity></Line>", "", after: "<s:Body ", skipToTagEnd: true),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Inserts <paramref name="open"/>, as many units as fit and <paramref name="close"/> right after
    /// <paramref name="anchor"/> (searched from <paramref name="after"/>; with <paramref name="skipToTagEnd"/> after the
    /// end of the start tag the anchor is in), then pads to <see cref="Size"/>.
    /// </summary>
    private static byte[] Repeat(string signed, string anchor, string open, Func<int, string> unit, string close, string? after = null, bool skipToTagEnd = false)
    {
        var from = after is null ? 0 : Find(signed, after, 0);
        var at = Find(signed, anchor, from) + anchor.Length;
        if (skipToTagEnd) at = signed.IndexOf('>', at) + 1;
        var budget = Size - Encoding.UTF8.GetByteCount(signed) - open.Length - close.Length - MinimumPadding;
        var units = new StringBuilder(open);
        for (var i = 0; ; i++)
        {
            var next = unit(i);
            if (units.Length - open.Length + next.Length > budget) break;
            units.Append(next);
        }
        units.Append(close);
        return Pad(signed.Insert(at, units.ToString()));
    }

    /// <summary>Elements nested as deep as 1 MiB allows, as the Body's first child.</summary>
    private static byte[] Nested(string signed)
    {
        const string open = "<x>", close = "</x>";
        var depth = (Size - Encoding.UTF8.GetByteCount(signed) - MinimumPadding) / (open.Length + close.Length);
        var bodyStart = signed.IndexOf('>', Find(signed, "<s:Body ", 0)) + 1;
        return Pad(signed.Insert(bodyStart, new StringBuilder(depth * 7).Insert(0, open, depth).Insert(depth * open.Length, close, depth).ToString()));
    }

    /// <summary>The text with what lies between the start tag ending in <paramref name="startEnd"/> before <paramref name="endTag"/> removed.</summary>
    private static string Between(string signed, string endTag, string startEnd)
    {
        var end = Find(signed, endTag, 0);
        var start = signed.LastIndexOf(startEnd, end, StringComparison.Ordinal) + startEnd.Length;
        return signed.Remove(start, end - start);
    }

    private const int MinimumPadding = 16;

    private static byte[] Pad(string text)
    {
        var missing = Size - Encoding.UTF8.GetByteCount(text);
        if (missing < "<!---->".Length) throw new InvalidOperationException($"the hostile envelope is {-missing} bytes over {Size}");
        var end = Find(text, "</s:Envelope>", 0);
        return Encoding.UTF8.GetBytes(text.Insert(end, "<!--" + new string('x', missing - "<!---->".Length) + "-->"));
    }

    private static int Find(string text, string what, int from)
    {
        var at = text.IndexOf(what, from, StringComparison.Ordinal);
        return at >= 0 ? at : throw new InvalidOperationException($"'{what}' is not in the signed envelope");
    }
}
