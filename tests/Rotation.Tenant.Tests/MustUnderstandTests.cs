using System.Text;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>
/// docs/DESIGN.md §10: a request whose mandatory header the tenant does not process gets a signed SOAP MustUnderstand
/// fault of the request's SOAP version, over real HTTP, instead of an order processed as if the header were not there.
/// The tenant processes no header yet (no inbound verification), wsse:Security included.
/// </summary>
public sealed class MustUnderstandTests(SigningTests.Fixture fixture) : IClassFixture<SigningTests.Fixture>
{
    private readonly TestTenant _tenant = fixture.Tenant;

    private async Task<(int Status, byte[] Body)> SendAsync(SoapVersion version, string envelope)
    {
        await _tenant.SetSignerAsync(new { alias = "rsa-key", algorithm = "auto", keyReference = "BinarySecurityToken" });
        var (status, body, response) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, version, envelope);
        response.Dispose();
        return (status, body);
    }

    private static string MustUnderstand(SoapVersion version) => version == SoapVersion.Soap11 ? "1" : "true";

    private static string Security(SoapVersion version, string attributes = "") =>
        $"""<wsse:Security s:mustUnderstand="{MustUnderstand(version)}"{attributes} xmlns:wsse="{WsNamespaces.Wsse}" xmlns:wsu="{WsNamespaces.Wsu}"><wsu:Timestamp wsu:Id="TS-1"><wsu:Created>2026-01-01T00:00:00Z</wsu:Created><wsu:Expires>2026-01-01T00:05:00Z</wsu:Expires></wsu:Timestamp></wsse:Security>""";

    [Theory]
    [InlineData(SoapVersion.Soap11)]
    [InlineData(SoapVersion.Soap12)]
    public async Task Mandatory_Security_header_gets_a_signed_MustUnderstand_fault_of_the_requests_version(SoapVersion version)
    {
        var (status, body) = await SendAsync(version, Soap.Envelope(version, "o-mu-sec", Security(version)));

        await AssertSignedMustUnderstandFaultAsync(version, status, body, "Security", WsNamespaces.Wsse);
    }

    [Theory]
    [InlineData(SoapVersion.Soap11, "")]
    [InlineData(SoapVersion.Soap12, "")]
    [InlineData(SoapVersion.Soap11, " s:actor=\"http://schemas.xmlsoap.org/soap/actor/next\"")]
    [InlineData(SoapVersion.Soap12, " s:role=\"http://www.w3.org/2003/05/soap-envelope/role/next\"")]
    [InlineData(SoapVersion.Soap12, " s:role=\"http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver\"")]
    public async Task Any_mandatory_header_addressed_to_the_tenant_gets_the_fault(SoapVersion version, string actor)
    {
        var header = $"""<a:Audit xmlns:a="urn:example:audit" s:mustUnderstand="{MustUnderstand(version)}"{actor}>trace-7</a:Audit>""";

        var (status, body) = await SendAsync(version, Soap.Envelope(version, "o-mu-audit", header));

        await AssertSignedMustUnderstandFaultAsync(version, status, body, "Audit", "urn:example:audit");
    }

    [Theory]
    [InlineData(SoapVersion.Soap11, "s:mustUnderstand=\"0\"")]
    [InlineData(SoapVersion.Soap12, "s:mustUnderstand=\"false\"")]
    [InlineData(SoapVersion.Soap11, "")]
    [InlineData(SoapVersion.Soap11, "s:mustUnderstand=\"1\" s:actor=\"urn:example:intermediary\"")]
    [InlineData(SoapVersion.Soap12, "s:mustUnderstand=\"true\" s:role=\"http://www.w3.org/2003/05/soap-envelope/role/none\"")]
    [InlineData(SoapVersion.Soap12, "s:mustUnderstand=\"true\" s:role=\"urn:example:intermediary\"")]
    public async Task Optional_headers_and_headers_for_other_nodes_are_ignored(SoapVersion version, string attributes)
    {
        var header = $"""<a:Audit xmlns:a="urn:example:audit" {attributes}>trace-8</a:Audit>""";

        var (status, body) = await SendAsync(version, Soap.Envelope(version, "o-optional", header));

        var text = Encoding.UTF8.GetString(body);
        Assert.True(status == 200, text);
        Assert.Contains("<OrderId>o-optional</OrderId>", text, StringComparison.Ordinal);
        Assert.Contains("CNF-", text, StringComparison.Ordinal);
    }

    private async Task AssertSignedMustUnderstandFaultAsync(SoapVersion version, int status, byte[] body, string localName, string ns)
    {
        var text = Encoding.UTF8.GetString(body);
        Assert.True(status == 500, $"{status}: {text}");
        var soap = version == SoapVersion.Soap11 ? WsNamespaces.Soap11 : WsNamespaces.Soap12;
        Assert.StartsWith($"<s:Envelope xmlns:s=\"{soap}\">", text, StringComparison.Ordinal);
        if (version == SoapVersion.Soap11)
        {
            Assert.Contains("<faultcode>s:MustUnderstand</faultcode>", text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("<s:Code><s:Value>s:MustUnderstand</s:Value></s:Code>", text, StringComparison.Ordinal);
            Assert.Contains($"<s:NotUnderstood qname=\"h:{localName}\" xmlns:h=\"{ns}\"/>", text, StringComparison.Ordinal);
        }
        Assert.Contains(localName, text, StringComparison.Ordinal);
        Assert.DoesNotContain("CNF-", text, StringComparison.Ordinal);
        var result = Soap.Verify(body, await _tenant.CertificateAsync("rsa-key"));
        Assert.True(result.IsValid, result.ToString());
    }
}
