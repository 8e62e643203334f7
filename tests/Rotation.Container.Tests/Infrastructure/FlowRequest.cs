using System.Net.Http.Headers;
using System.Text;
using Rotation.Shared.Contract;

namespace Rotation.Container.Tests.Infrastructure;

/// <summary>A SubmitOrder call to the integration flow, as a partner sends it.</summary>
public static class FlowRequest
{
    public static HttpRequestMessage SubmitOrder(Uri tenantBaseAddress, string orderId)
    {
        var envelope = SampleOrderRequest.Envelope(orderId);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(tenantBaseAddress, OrderContract.EndpointPath.TrimStart('/')))
        {
            Content = new StringContent(envelope, Encoding.UTF8, new MediaTypeHeaderValue("text/xml")),
        };
        request.Headers.Add("SOAPAction", $"\"{OrderContract.SubmitOrderAction}\"");
        return request;
    }
}
