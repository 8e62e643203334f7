using System.Net.Http.Headers;
using Rotation.Shared.Contract;
using Rotation.Shared.WsSecurity;

namespace Rotation.Testing.Soap;

/// <summary>A SOAP POST as a client sends it: the exact bytes given, with each version's content type and action.</summary>
public static class SoapHttp
{
    public static HttpRequestMessage Request(Uri endpoint, SoapVersion version, byte[] envelope)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(envelope) };
        if (version == SoapVersion.Soap11)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
            request.Headers.Add("SOAPAction", $"\"{OrderContract.SubmitOrderAction}\"");
        }
        else
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/soap+xml; charset=utf-8; action=\"{OrderContract.SubmitOrderAction}\"");
        }
        return request;
    }
}
