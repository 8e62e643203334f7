using System.Text;
using System.Xml;
using System.Xml.Serialization;
using Rotation.Shared.Contract;

namespace Rotation.Shared.Tests.Support;

/// <summary>Unsigned SOAP envelopes as SoapCore would write them: a realistic order confirmation, and synthetic bodies.</summary>
public static class SampleEnvelopes
{
    public static readonly OrderConfirmation Confirmation = new()
    {
        OrderId = "PO-4711",
        ConfirmationId = "C-0815",
        Status = "Accepted",
        LineCount = 3,
        Total = 1234.56m,
        Currency = "EUR",
        ProcessedAt = new DateTime(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc),
        Echo = "Grüße aus Walldorf <&> \"quoted\"",
    };

    /// <summary>The OrderConfirmation serialised with XmlSerializer inside a SubmitOrderResponse, as the wire carries it.</summary>
    public static string OrderConfirmationBody()
    {
        var serializer = new XmlSerializer(typeof(OrderConfirmation), new XmlRootAttribute("SubmitOrderResult") { Namespace = OrderContract.Namespace });
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false }))
        {
            writer.WriteStartElement("SubmitOrderResponse", OrderContract.Namespace);
            serializer.Serialize(writer, Confirmation);
            writer.WriteEndElement();
        }
        return text.ToString();
    }

    /// <summary>An envelope text with the given body content; header omitted when <paramref name="withHeader"/> is false.</summary>
    public static string Envelope(SoapVersion version, string bodyContent, bool withHeader = true, string bodyAttributes = "") =>
        $"<s:Envelope xmlns:s=\"{version.Namespace()}\">" +
        (withHeader ? "<s:Header></s:Header>" : "") +
        $"<s:Body{bodyAttributes}>{bodyContent}</s:Body></s:Envelope>";

    public static byte[] OrderEnvelope(SoapVersion version, bool withHeader = true) =>
        Encoding.UTF8.GetBytes(Envelope(version, OrderConfirmationBody(), withHeader));

    public static XmlDocument Load(byte[] bytes)
    {
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var stream = new MemoryStream(bytes);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        doc.Load(reader);
        return doc;
    }

    public static XmlDocument Load(string text) => Load(Encoding.UTF8.GetBytes(text));
}
