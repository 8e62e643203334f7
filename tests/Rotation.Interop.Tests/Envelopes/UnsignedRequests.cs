using System.Text;
using Rotation.Shared.Contract;

namespace Rotation.Interop.Tests.Envelopes;

/// <summary>Order requests as a sender writes them before signing, for the tenant to verify (docs/DESIGN.md §10).</summary>
public static class UnsignedRequests
{
    public static byte[] Order(SoapVersion version, string orderId)
    {
        var ns = version == SoapVersion.Soap11 ? "http://schemas.xmlsoap.org/soap/envelope/" : "http://www.w3.org/2003/05/soap-envelope";
        return Encoding.UTF8.GetBytes($"<soap:Envelope xmlns:soap=\"{ns}\"><soap:Body>{OrderContent(orderId)}</soap:Body></soap:Envelope>");
    }

    /// <summary>The Body's one child: the sample SubmitOrder the tenant confirms.</summary>
    public static string OrderContent(string orderId) => SampleOrderRequest.SubmitOrder(orderId);
}
