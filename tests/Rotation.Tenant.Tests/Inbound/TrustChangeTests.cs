using System.Net;
using System.Net.Http.Json;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Inbound;

/// <summary>
/// docs/DESIGN.md §10: the trust set is built once per state and kept while the state stands, never beyond it — taking
/// an alias off the list or deleting its certificate refuses the very next request, as listing and importing admit it.
/// </summary>
public sealed class TrustChangeTests
{
    [Fact]
    public async Task The_next_request_after_a_trust_change_is_verified_against_the_new_state()
    {
        await using var tenant = await InboundTenant.StartAsync(["sender", "other"]);
        using var sender = SignedRequests.NewSenderKey("CN=Sender, O=Rotation Sender");
        await InboundTenant.ImportAsync(tenant, "sender", sender);
        var signed = SignedRequests.Sign(Soap.Envelope(SoapVersion.Soap11, "trust-1"), sender);
        Assert.Equal(200, (await InboundTenant.SendAsync(tenant, SoapVersion.Soap11, signed)).Status);

        await PutAliasesAsync(tenant, "other");
        Assert.Contains("wsse:SecurityTokenUnavailable", (await InboundTenant.SendAsync(tenant, SoapVersion.Soap11, signed)).Text, StringComparison.Ordinal);

        await PutAliasesAsync(tenant, "other", "sender");
        Assert.Equal(200, (await InboundTenant.SendAsync(tenant, SoapVersion.Soap11, signed)).Status);

        using var deleted = await tenant.Admin.DeleteAsync(TenantRoutes.Entry("sender"));
        Assert.True(deleted.IsSuccessStatusCode, $"{deleted.StatusCode}");
        Assert.Contains("wsse:SecurityTokenUnavailable", (await InboundTenant.SendAsync(tenant, SoapVersion.Soap11, signed)).Text, StringComparison.Ordinal);
    }

    private static async Task PutAliasesAsync(TestTenant tenant, params string[] aliases)
    {
        using var response = await tenant.Admin.PutAsJsonAsync(TenantRoutes.Inbound, new { publicKeyAliases = aliases });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
