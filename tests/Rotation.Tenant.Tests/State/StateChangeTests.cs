using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.State;

/// <summary>
/// Signer step and flow settings are part of the one tenant state (docs/DESIGN.md §4a): audited, versioned by the same
/// generation as the keystore (ETag, If-Match) and persisted like it.
/// </summary>
public sealed class StateChangeTests
{
    [Fact]
    public async Task Signer_step_and_flow_changes_are_audited_with_who_what_and_the_signing_fingerprints()
    {
        const string aliceToken = "alice-token-0123456789";
        await using var tenant = await TestTenant.StartAsync(o => o with { AdminTokens = new Dictionary<string, string> { ["alice"] = aliceToken } });
        var old = (await tenant.GetJsonAsync(TenantRoutes.Signer)).GetProperty("fingerprint").GetString();
        var next = (await tenant.CreateKeyPairAsync("next")).GetProperty("fingerprint").GetString();
        using var alice = new HttpClient { BaseAddress = tenant.Admin.BaseAddress };
        alice.DefaultRequestHeaders.Authorization = new("Bearer", aliceToken);

        Assert.True((await alice.PutAsJsonAsync(TenantRoutes.Signer, new { alias = "next", aliasHeader = "X-Signer-Alias", allowedAliases = new[] { "tenant-signing" } })).IsSuccessStatusCode);
        await tenant.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 20, failureShare = 0.5 });

        var audit = (await tenant.GetJsonAsync(TenantRoutes.Audit)).EnumerateArray().ToList();
        var signer = Assert.Single(audit, r => r.GetProperty("action").GetString() == "signer-step-changed");
        Assert.Equal("alice", signer.GetProperty("who").GetString());
        Assert.Equal("alias tenant-signing -> next; aliasHeader none -> X-Signer-Alias; allowedAliases none -> tenant-signing", signer.GetProperty("subject").GetString());
        Assert.Equal(old, signer.GetProperty("oldFingerprint").GetString());
        Assert.Equal(next, signer.GetProperty("newFingerprint").GetString());
        var flow = Assert.Single(audit, r => r.GetProperty("action").GetString() == "flow-changed");
        Assert.Equal("admin", flow.GetProperty("who").GetString());
        Assert.Equal("processingLatencyMs 0 -> 20; failureShare 0 -> 0.5", flow.GetProperty("subject").GetString());
        Assert.Equal(signer.GetProperty("generation").GetInt64() + 1, flow.GetProperty("generation").GetInt64());
    }

    [Theory]
    [InlineData(TenantRoutes.Signer, """{"timestampTimeToLiveSeconds":60}""")]
    [InlineData(TenantRoutes.Flow, """{"processingLatencyMs":10,"failureShare":0}""")]
    public async Task A_stale_If_Match_on_signer_and_flow_is_refused_with_412_and_changes_nothing(string path, string body)
    {
        await using var tenant = await TestTenant.StartAsync();
        using var read = await tenant.Admin.GetAsync(path);
        var etag = read.Headers.ETag?.Tag;
        Assert.NotNull(etag);
        var before = await read.Content.ReadAsStringAsync();

        // Another administrator changes the keystore in between: one generation for the whole state.
        await tenant.CreateKeyPairAsync("theirs");

        using var stale = await SendAsync(tenant, path, body, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("PreconditionFailed", JsonDocument.Parse(await stale.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal(before, await tenant.Admin.GetStringAsync(path));

        using var fresh = await tenant.Admin.GetAsync(path);
        using var accepted = await SendAsync(tenant, path, body, fresh.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal($"\"{tenant.Host.State.Current.Generation}\"", accepted.Headers.ETag?.Tag);
        Assert.NotEqual(fresh.Headers.ETag.Tag, accepted.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Keystore_history_signer_and_flow_answer_with_the_same_generation_and_messages_with_none()
    {
        await using var tenant = await TestTenant.StartAsync();
        async Task<string?> ETag(string path)
        {
            using var response = await tenant.Admin.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, path);
            return response.Headers.ETag?.Tag;
        }
        string[] versioned = [TenantRoutes.Entries, TenantRoutes.Entry("tenant-signing"), TenantRoutes.History, TenantRoutes.Signer, TenantRoutes.Flow];
        var first = await ETag(versioned[0]);
        foreach (var path in versioned) Assert.Equal(first, await ETag(path));
        Assert.Null(await ETag(TenantRoutes.Messages));
        Assert.Null(await ETag(TenantRoutes.Audit));

        await tenant.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 1, failureShare = 0 });
        var second = await ETag(TenantRoutes.Entries);
        Assert.NotEqual(first, second);
        foreach (var path in versioned) Assert.Equal(second, await ETag(path));
    }

    [Fact]
    public async Task Flow_settings_and_the_alias_header_allow_list_survive_a_restart()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            await using (var first = await TestTenant.StartAsync(dataDir: dir))
            {
                await first.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 40, failureShare = 0.125 });
                await first.SetSignerAsync(new { aliasHeader = "X-Signer-Alias", allowedAliases = new[] { "next", "spare" } });
            }
            // A configured flow is the start value of a new tenant only: the stored one wins on restart.
            await using var second = await TestTenant.StartAsync(o => o with { Flow = new Orders.FlowSettings() }, dataDir: dir);
            var flow = await second.GetJsonAsync(TenantRoutes.Flow);
            Assert.Equal(40, flow.GetProperty("processingLatencyMs").GetDouble());
            Assert.Equal(0.125, flow.GetProperty("failureShare").GetDouble());
            var signer = await second.GetJsonAsync(TenantRoutes.Signer);
            Assert.Equal(["next", "spare"], signer.GetProperty("allowedAliases").EnumerateArray().Select(a => a.GetString()));
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }

    [Fact]
    public async Task A_change_that_alters_nothing_keeps_the_generation_and_writes_no_audit()
    {
        await using var tenant = await TestTenant.StartAsync();
        var generation = tenant.Host.State.Current.Generation;
        var auditBefore = (await tenant.GetJsonAsync(TenantRoutes.Audit)).GetArrayLength();
        await tenant.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 0, failureShare = 0 });
        await tenant.SetSignerAsync(new { alias = "tenant-signing" });
        Assert.Equal(generation, tenant.Host.State.Current.Generation);
        Assert.Equal(auditBefore, (await tenant.GetJsonAsync(TenantRoutes.Audit)).GetArrayLength());
    }

    private static Task<HttpResponseMessage> SendAsync(TestTenant tenant, string path, string body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return tenant.Admin.SendAsync(request);
    }
}
