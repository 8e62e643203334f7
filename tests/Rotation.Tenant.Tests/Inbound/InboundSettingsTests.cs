using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Inbound;

/// <summary>
/// Inbound verification is part of the tenant state (docs/DESIGN.md §4a, §10): changed through /admin/flow/inbound
/// with the state's ETag and If-Match, audited, kept across a restart, and in force from the next request.
/// </summary>
public sealed class InboundSettingsTests
{
    [Fact]
    public async Task Changes_are_audited_refused_on_a_stale_If_Match_and_take_effect_on_the_next_request()
    {
        await using var tenant = await TestTenant.StartAsync();
        using var sender = SignedRequests.NewSenderKey("CN=Sender, O=Rotation Sender");
        var unsigned = Soap.Envelope(SoapVersion.Soap11, "off-1");
        Assert.Equal(200, (await InboundTenant.SendAsync(tenant, SoapVersion.Soap11, unsigned)).Status);

        using var read = await tenant.Admin.GetAsync(TenantRoutes.Inbound);
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal(InboundVerificationMode.Off, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mode").Deserialize<InboundVerificationMode>(TestTenant.Json));

        using var stale = await PutAsync(tenant, new { mode = "Required", publicKeyAliases = new[] { "sender" } }, "\"999\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(200, (await InboundTenant.SendAsync(tenant, SoapVersion.Soap11, unsigned)).Status);

        using var changed = await PutAsync(tenant, new { mode = "Required", publicKeyAliases = new[] { "sender", "sender-next" } }, etag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
        var audit = (await tenant.GetJsonAsync(TenantRoutes.AuditLast(1))).EnumerateArray().Single();
        Assert.Equal("inbound-verification-changed", audit.GetProperty("action").GetString());
        Assert.Equal("mode Off -> Required; publicKeyAliases none -> sender,sender-next", audit.GetProperty("subject").GetString());

        // Required now: unsigned is refused; signed under an alias not imported yet as well, until it is imported.
        Assert.Equal(500, (await InboundTenant.SendAsync(tenant, SoapVersion.Soap11, unsigned)).Status);
        var signed = SignedRequests.Sign(Soap.Envelope(SoapVersion.Soap11, "on-1"), sender);
        Assert.Contains("wsse:SecurityTokenUnavailable", (await InboundTenant.SendAsync(tenant, SoapVersion.Soap11, signed)).Text, StringComparison.Ordinal);
        await InboundTenant.ImportAsync(tenant, "sender-next", sender);
        Assert.Equal(200, (await InboundTenant.SendAsync(tenant, SoapVersion.Soap11, signed)).Status);

        // The rehearsal settings change without touching inbound verification, and the other way round.
        await tenant.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 0, failureShare = 0 });
        using var aliasesOnly = await PutAsync(tenant, new { publicKeyAliases = new[] { "sender-next" } }, null);
        var view = await aliasesOnly.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(InboundVerificationMode.Required, view.GetProperty("mode").Deserialize<InboundVerificationMode>(TestTenant.Json));
        Assert.Equal(["sender-next"], view.GetProperty("publicKeyAliases").EnumerateArray().Select(a => a.GetString()));

        // Bad settings are refused whole.
        using var invalid = await PutAsync(tenant, new { publicKeyAliases = new[] { "a", "A" } }, null);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("must not repeat", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var empty = await PutAsync(tenant, new { publicKeyAliases = Array.Empty<string>() }, null);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task The_settings_survive_a_restart_and_the_stored_ones_win_over_the_start_options()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            await using (var tenant = await TestTenant.StartAsync(dataDir: dir))
                await tenant.SendJsonAsync(HttpMethod.Put, TenantRoutes.Inbound, new { mode = "Required", publicKeyAliases = new[] { "kept" } });

            // Started with inbound verification off (the default start option): the stored state wins.
            await using var restarted = await TestTenant.StartAsync(dataDir: dir);
            var view = await restarted.GetJsonAsync(TenantRoutes.Inbound);
            Assert.Equal(InboundVerificationMode.Required, view.GetProperty("mode").Deserialize<InboundVerificationMode>(TestTenant.Json));
            Assert.Equal(["kept"], view.GetProperty("publicKeyAliases").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal(500, (await InboundTenant.SendAsync(restarted, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "after-restart"))).Status);
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }

    [Fact]
    public async Task A_verified_message_is_in_flight_under_its_certificate_until_answered()
    {
        await using var tenant = await InboundTenant.StartAsync(["sender"]);
        using var sender = SignedRequests.NewSenderKey("CN=Sender, O=Rotation Sender");
        await InboundTenant.ImportAsync(tenant, "sender", sender);
        var fingerprint = Rotation.Shared.Certificates.CertificateInfo.Fingerprint(sender);
        await tenant.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 1500, failureShare = 0 });

        var slow = InboundTenant.SendAsync(tenant, SoapVersion.Soap11, SignedRequests.Sign(Soap.Envelope(SoapVersion.Soap11, "slow"), sender));
        JsonElement group = default;
        for (var i = 0; i < 100 && group.ValueKind == JsonValueKind.Undefined; i++)
        {
            group = (await tenant.GetJsonAsync(TenantRoutes.VerifiedInFlight)).EnumerateArray().FirstOrDefault();
            if (group.ValueKind == JsonValueKind.Undefined) await Task.Delay(20);
        }
        Assert.Equal(fingerprint, group.GetProperty("fingerprint").GetString());
        Assert.Equal(["sender"], group.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(1, group.GetProperty("count").GetInt32());

        var drained = await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.WaitUntilVerifiedDrained(fingerprint.ToUpperInvariant(), TimeSpan.FromSeconds(30)), new { });
        Assert.True(drained.GetProperty("drained").GetBoolean());
        Assert.Equal(200, (await slow).Status);
        Assert.Empty((await tenant.GetJsonAsync(TenantRoutes.VerifiedInFlight)).EnumerateArray());
    }

    private static Task<HttpResponseMessage> PutAsync(TestTenant tenant, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, TenantRoutes.Inbound) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return tenant.Admin.SendAsync(request);
    }
}
