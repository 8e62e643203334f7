using System.Text;
using Rotation.Shared.Contract;
using Rotation.Shared.Verification;

namespace Rotation.Tenant.Tests.Support;

/// <summary>Raw SOAP over HttpClient: the tests see the exact bytes on the wire.</summary>
public static class Soap
{
    public static string Envelope(SoapVersion version, string orderId, string? header = null)
    {
        var ns = version == SoapVersion.Soap11 ? "http://schemas.xmlsoap.org/soap/envelope/" : "http://www.w3.org/2003/05/soap-envelope";
        return $"""<s:Envelope xmlns:s="{ns}">{(header is null ? "" : $"<s:Header>{header}</s:Header>")}<s:Body><SubmitOrder xmlns="{OrderContract.Namespace}"><request><OrderId>{orderId}</OrderId><CustomerId>c-7</CustomerId><Currency>EUR</Currency><Lines><Line><Sku>SKU-1</Sku><Quantity>3</Quantity><UnitPrice>2.50</UnitPrice></Line><Line><Sku>SKU-2</Sku><Quantity>1</Quantity><UnitPrice>10</UnitPrice></Line></Lines></request></SubmitOrder></s:Body></s:Envelope>""";
    }

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
