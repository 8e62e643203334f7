using System.Text;
using Rotation.Shared.Contract;

namespace Rotation.Interop.Tests.Envelopes;

/// <summary>
/// A Body that exercises every corner of exclusive c14n a real payload can reach: characters that
/// only survive as character references (CR in text; tab, LF, CR in attributes), markup characters
/// in text and attributes, CDATA, a processing instruction and a comment, attributes to sort by
/// namespace URI, a default namespace undeclared, a prefix rebound to another URI (including the
/// Envelope's own prefix), unused declarations, xml:lang on the Envelope (exclusive c14n must not
/// import it) and characters outside the BMP. Two independent implementations must produce the same
/// octets from it, or a digest breaks.
/// </summary>
public static class CanonicalizationEdgeCases
{
    /// <summary>The content of the Body (without the Body element itself), as raw XML.</summary>
    public static string BodyContent(string orderId) =>
        $"\n  <ord:SubmitOrderResponse xmlns:ord=\"{OrderContract.Namespace}\" xmlns:unused=\"urn:rotation:unused\">\n" +
        $"    <ord:OrderId>{orderId}</ord:OrderId>\n" +
        "    <ord:Text xml:lang=\"de-DE\">Grüße &amp; &lt;Tags&gt; \"quotes\" 'apos' CR&#xD;LF&#xA;TAB&#x9;end, emoji \U0001F600, CJK 漢字</ord:Text>\n" +
        "    <ord:Attributes b=\"2\" a=\"1\" ord:c=\"3\" xmlns:z=\"urn:a-first\" z:a=\"0\" note=\"tab&#x9;lf&#xA;cr&#xD;quot&quot;lt&lt;gt>amp&amp;apos'\"/>\n" +
        "    <Plain xmlns=\"urn:rotation:default\"><Inner xmlns=\"\">no namespace</Inner><Again>default again</Again></Plain>\n" +
        "    <s:Rebound xmlns:s=\"urn:rotation:not-soap\" s:flag=\"true\">the envelope's prefix, another URI</s:Rebound>\n" +
        "    <ord:Cdata><![CDATA[<not-a-tag> & ]]> ]]&gt;</ord:Cdata>\n" +
        "    <?rotation-pi some data?>\n" +
        "    <!-- a comment that exclusive c14n without comments drops -->\n" +
        "    <ord:Empty></ord:Empty><ord:SelfClosed/>\n" +
        "    <p:Prefixed xmlns:p=\"urn:rotation:p\" xmlns:q=\"urn:rotation:q\" q:attr=\"v\"><p:Child xmlns:p=\"urn:rotation:p\"/></p:Prefixed>\n" +
        "  </ord:SubmitOrderResponse>\n  ";

    /// <summary>An unsigned SOAP 1.1 response whose Body is <see cref="BodyContent"/>.</summary>
    public static byte[] Envelope(string orderId) => Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" +
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xml:lang=\"en\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n" +
        $"<s:Body>{BodyContent(orderId)}</s:Body>\n</s:Envelope>\n");
}
