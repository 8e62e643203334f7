using System.Text;
using Rotation.Shared.Contract;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Tests.Support;

/// <summary>Raw SOAP over HttpClient: the tests see the exact bytes on the wire.</summary>
public static class Soap
{
    public static string Envelope(SoapVersion version, string orderId, string? header = null) =>
        SampleOrderRequest.Envelope(orderId, version == SoapVersion.Soap11 ? WsNamespaces.Soap11 : WsNamespaces.Soap12, header);

    public static HttpRequestMessage Request(Uri endpoint, SoapVersion version, string body) =>
        SoapHttp.Request(endpoint, version, Encoding.UTF8.GetBytes(body));

    public static async Task<(int Status, byte[] Body, HttpResponseMessage Response)> SendAsync(HttpClient client, Uri endpoint, SoapVersion version, string body, Action<HttpRequestMessage>? tweak = null)
    {
        using var request = Request(endpoint, version, body);
        tweak?.Invoke(request);
        var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return ((int)response.StatusCode, bytes, response);
    }

    public static VerificationResult Verify(byte[] envelope, params System.Security.Cryptography.X509Certificates.X509Certificate2[] trusted) =>
        new SignatureVerifier(new TrustSet(trusted), VerificationPolicy.Default, TimeProvider.System).Verify(envelope);
}
