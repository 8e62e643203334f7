using System.Text;
using System.Xml.Serialization;
using Rotation.Shared.Contract;

namespace Rotation.Benchmarks;

/// <summary>A realistic SOAP 1.1 response: an order confirmation whose body is about 1 KB.</summary>
internal static class SampleEnvelope
{
    public static byte[] Create(int bodyBytes = 1024)
    {
        var note = new StringBuilder();
        var confirmation = new OrderConfirmation
        {
            OrderId = "PO-2026-000042",
            ConfirmationId = "C-7f3a9d2e4b1c",
            Status = "Accepted",
            LineCount = 3,
            Total = 1234.56m,
            Currency = "EUR",
            ProcessedAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
        };
        var body = Serialize(confirmation);
        while (Encoding.UTF8.GetByteCount(body) < bodyBytes)
        {
            note.Append("Delivery window confirmed for line ").Append(note.Length % 7).Append("; ");
            confirmation.Echo = note.ToString();
            body = Serialize(confirmation);
        }
        return Encoding.UTF8.GetBytes(
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>" +
            $"<SubmitOrderResponse xmlns=\"{OrderContract.Namespace}\">{body}</SubmitOrderResponse></s:Body></s:Envelope>");
    }

    private static string Serialize(OrderConfirmation confirmation)
    {
        var serializer = new XmlSerializer(typeof(OrderConfirmation), new XmlRootAttribute("SubmitOrderResult") { Namespace = OrderContract.Namespace });
        using var writer = new StringWriter();
        using (var xml = System.Xml.XmlWriter.Create(writer, new System.Xml.XmlWriterSettings { OmitXmlDeclaration = true }))
            serializer.Serialize(xml, confirmation);
        return writer.ToString();
    }
}
