using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// An unsigned envelope with a WS-Security header laid out as docs/DESIGN.md §1 (Timestamp TS-1, token
/// X509-1, Body-1), built independently of ResponseSigner, for tests to bend before signing with
/// <see cref="TestSigner"/>.
/// </summary>
public sealed class CraftedEnvelope
{
    public const string TimestampId = "TS-1";
    public const string TokenId = "X509-1";
    public const string BodyId = "Body-1";

    private CraftedEnvelope(XmlDocument document, SoapVersion version)
    {
        Document = document;
        Version = version;
    }

    public XmlDocument Document { get; }
    public SoapVersion Version { get; }
    public XmlElement Envelope => Document.DocumentElement!;
    public XmlElement Header => Child(Envelope, Version.Namespace(), "Header")!;
    public XmlElement Body => Child(Envelope, Version.Namespace(), "Body")!;
    public XmlElement Security => Child(Header, WsNamespaces.Wsse, "Security")!;
    public XmlElement? Timestamp => Child(Security, WsNamespaces.Wsu, "Timestamp");
    public XmlElement? Token => Child(Security, WsNamespaces.Wsse, "BinarySecurityToken");

    /// <param name="created">Timestamp Created; null for an envelope without Timestamp.</param>
    /// <param name="token">Certificate for a BinarySecurityToken; null for none.</param>
    public static CraftedEnvelope Create(SoapVersion version, DateTimeOffset? created, X509Certificate2? token,
        TimeSpan? timeToLive = null, string? bodyContent = null)
    {
        var security = new StringBuilder();
        security.Append($"<wsse:Security s:mustUnderstand=\"1\" xmlns:wsse=\"{WsNamespaces.Wsse}\" xmlns:wsu=\"{WsNamespaces.Wsu}\">");
        if (created is { } c)
            security.Append(TimestampXml(TimestampId, c, c + (timeToLive ?? TimeSpan.FromMinutes(5))));
        if (token is not null)
            security.Append($"<wsse:BinarySecurityToken wsu:Id=\"{TokenId}\" ValueType=\"{WsNamespaces.X509v3}\" EncodingType=\"{WsNamespaces.Base64Binary}\">{Convert.ToBase64String(token.RawData)}</wsse:BinarySecurityToken>");
        security.Append("</wsse:Security>");
        var text = $"<s:Envelope xmlns:s=\"{version.Namespace()}\"><s:Header>{security}</s:Header>" +
                   $"<s:Body xmlns:wsu=\"{WsNamespaces.Wsu}\" wsu:Id=\"{BodyId}\">{bodyContent ?? SampleEnvelopes.OrderConfirmationBody()}</s:Body></s:Envelope>";
        return new CraftedEnvelope(SampleEnvelopes.Load(text), version);
    }

    public static string TimestampXml(string id, DateTimeOffset created, DateTimeOffset expires) =>
        $"<wsu:Timestamp xmlns:wsu=\"{WsNamespaces.Wsu}\" wsu:Id=\"{id}\"><wsu:Created>{Format(created)}</wsu:Created><wsu:Expires>{Format(expires)}</wsu:Expires></wsu:Timestamp>";

    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses a fragment in the context of the given namespaces and imports it, ready to insert.</summary>
    public XmlElement Fragment(string xml)
    {
        var wrapper = SampleEnvelopes.Load(
            $"<w xmlns:s=\"{Version.Namespace()}\" xmlns:wsse=\"{WsNamespaces.Wsse}\" xmlns:wsu=\"{WsNamespaces.Wsu}\" xmlns:ds=\"{WsNamespaces.Ds}\">{xml}</w>");
        return (XmlElement)Document.ImportNode(wrapper.DocumentElement!.FirstChild!, deep: true);
    }

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Document.OuterXml);

    public static XmlElement? Child(XmlElement parent, string ns, string localName)
    {
        foreach (XmlNode node in parent.ChildNodes)
            if (node is XmlElement e && e.LocalName == localName && e.NamespaceURI == ns) return e;
        return null;
    }
}
