using System.Text;
using Rotation.Shared.Contract;

namespace Rotation.Interop.Tests.Envelopes;

/// <summary>
/// Order confirmations as the tenant's SoapCore endpoint writes them before signing: XmlSerializer
/// style, not indented, unused xsi/xsd declarations on the Envelope (exclusive c14n must drop
/// them), non-ASCII text (c14n works on UTF-8 octets). The SOAP 1.2 one already carries a header
/// (the signer must add wsse:Security next to it), the SOAP 1.1 one has none.
/// </summary>
public static class UnsignedResponses
{
    public static byte[] OrderConfirmation(SoapVersion version, string orderId) => Encoding.UTF8.GetBytes(version switch
    {
        SoapVersion.Soap11 =>
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>" +
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">" +
            $"<s:Body>{Confirmation(orderId)}</s:Body></s:Envelope>",
        _ =>
            "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">" +
            "<env:Header><wsa:Action xmlns:wsa=\"http://www.w3.org/2005/08/addressing\">" + OrderContract.SubmitOrderReplyAction + "</wsa:Action></env:Header>" +
            $"<env:Body>{Confirmation(orderId)}</env:Body></env:Envelope>",
    });

    private static string Confirmation(string orderId) =>
        $"<SubmitOrderResponse xmlns=\"{OrderContract.Namespace}\"><SubmitOrderResult>" +
        $"<OrderId>{orderId}</OrderId><ConfirmationId>C-{orderId}</ConfirmationId><Status>Accepted</Status>" +
        "<LineCount>2</LineCount><Total>1234.50</Total><Currency>EUR</Currency>" +
        "<ProcessedAt>2026-11-25T10:00:00Z</ProcessedAt>" +
        "<Echo>Müller &amp; Söhne — 5 € &lt;tag&gt; \"quoted\"\t tab</Echo>" +
        "</SubmitOrderResult></SubmitOrderResponse>";

    /// <summary>A fresh order id that occurs nowhere else in a response: the handle for tampering.</summary>
    public static string NewOrderId() => "ORD-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
}
