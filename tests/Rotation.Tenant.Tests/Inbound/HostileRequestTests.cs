using System.Net.Http.Headers;
using System.Text;
using Rotation.Shared.Contract;
using Rotation.Shared.Tests.Support;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Inbound;

/// <summary>
/// The verifier's hostile envelopes (docs/DESIGN.md §3 item 9), 1 MiB each and signed by a certificate the tenant
/// trusts before being bent, posted as requests to a tenant that requires signed requests: each is refused with a
/// signed WS-Security fault for the reason of its own cap, and the tenant goes on serving.
/// </summary>
public sealed class HostileRequestTests(InboundTenant fixture) : IClassFixture<InboundTenant>
{
    private const string Order = $"<SubmitOrder xmlns=\"{OrderContract.Namespace}\"><request><OrderId>hostile</OrderId><CustomerId>c</CustomerId><Currency>EUR</Currency><Lines><Line><Sku>S</Sku><Quantity>1</Quantity><UnitPrice>1</UnitPrice></Line></Lines></request></SubmitOrder>";

    [Theory]
    [InlineData(HostileKind.PrefixList)]
    [InlineData(HostileKind.NamespaceDeclarations)]
    [InlineData(HostileKind.Attributes)]
    [InlineData(HostileKind.SerialNumber)]
    [InlineData(HostileKind.DeepNesting)]
    [InlineData(HostileKind.References)]
    [InlineData(HostileKind.BinarySecurityToken)]
    [InlineData(HostileKind.Body)]
    public async Task A_hostile_request_is_refused_with_a_fault_for_its_cap_and_the_tenant_stays_up(HostileKind kind)
    {
        var tenant = fixture.Tenant;
        var hostile = HostileEnvelopes.Create(kind, HostileEnvelopes.Signed(fixture.SenderA, TimeProvider.System, Order));
        using var request = new HttpRequestMessage(HttpMethod.Post, tenant.Endpoint) { Content = new ByteArrayContent(hostile) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
        request.Headers.Add("SOAPAction", $"\"{OrderContract.SubmitOrderAction}\"");

        using var response = await tenant.Anonymous.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(body);

        Assert.True((int)response.StatusCode == 500, $"{kind}: {(int)response.StatusCode} {text[..Math.Min(400, text.Length)]}");
        Assert.Contains("<faultcode>wsse:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CNF-", text, StringComparison.Ordinal);
        Hostile.AssertCleanError(text, maxLength: 8 * 1024);
        Assert.True(Soap.Verify(body, fixture.TenantCertificate).IsValid);
        var row = await InboundTenant.MessageAsync(tenant, response.Headers.GetValues("X-Message-Id").Single());
        Assert.Equal(HostileEnvelopes.ExpectedReason(kind).ToString(), row.GetProperty("rejectReason").GetString());

        // Still serving signed requests.
        var (status, after, _, _) = await InboundTenant.SendAsync(tenant, SoapVersion.Soap12, SignedRequests.Sign(Soap.Envelope(SoapVersion.Soap12, "after-hostile"), fixture.SenderB));
        Assert.True(status == 200, after);
        Assert.Equal("Healthy", await tenant.Anonymous.GetStringAsync("/health/ready"));
    }
}
