using System.Diagnostics;
using System.Text.Json;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>The message log and the in-flight view: how the administrator knows no message signed with the old key is in the system.</summary>
public sealed class MessageLogTests
{
    [Fact]
    public async Task In_flight_view_groups_by_signing_fingerprint_and_wait_returns_when_drained()
    {
        await using var tenant = await TestTenant.StartAsync();
        var fingerprint = (await tenant.GetJsonAsync(TenantRoutes.Entry("tenant-signing"))).GetProperty("fingerprint").GetString()!;
        await tenant.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 2500, failureShare = 0 });

        var slow = Enumerable.Range(0, 3).Select(i => Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, $"slow-{i}"))).ToArray();
        await WaitUntil(async () => (await tenant.GetJsonAsync(TenantRoutes.InFlight)).GetArrayLength() > 0 &&
                                    (await tenant.GetJsonAsync(TenantRoutes.InFlight))[0].GetProperty("count").GetInt32() == 3);
        var groups = await tenant.GetJsonAsync(TenantRoutes.InFlight);
        Assert.Contains($"rotation_tenant_messages_in_flight{{fingerprint=\"{fingerprint}\"}} 3", await tenant.Anonymous.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Assert.Equal(fingerprint, groups[0].GetProperty("fingerprint").GetString());
        Assert.Equal("tenant-signing", groups[0].GetProperty("aliases")[0].GetString());

        // The key is exchanged while the slow messages are in flight: they are still signed with the old key.
        await tenant.CreateKeyPairAsync("next");
        await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });

        var notYet = await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.WaitUntilDrained(fingerprint, TimeSpan.FromMilliseconds(50)), new { });
        Assert.False(notYet.GetProperty("drained").GetBoolean());
        Assert.Equal(3, notYet.GetProperty("inFlight").GetInt32());

        var clock = Stopwatch.StartNew();
        var drained = await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.WaitUntilDrained(fingerprint.ToUpperInvariant(), TimeSpan.FromSeconds(10)), new { });
        Assert.True(drained.GetProperty("drained").GetBoolean());
        Assert.Equal(0, drained.GetProperty("inFlight").GetInt32());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));

        var exchangedTo = await tenant.CertificateAsync("tenant-signing"); // the new key: the slow ones must not verify with it
        foreach (var response in await Task.WhenAll(slow))
        {
            Assert.Equal(200, response.Status);
            Assert.Equal(fingerprint, response.Response.Headers.GetValues("X-Signing-Fingerprint").Single());
            Assert.False(Soap.Verify(response.Body, exchangedTo).IsValid);
        }
        Assert.Equal(0, (await tenant.GetJsonAsync(TenantRoutes.InFlight)).GetArrayLength());
    }

    [Fact]
    public async Task Query_filters_by_status_alias_fingerprint_and_time()
    {
        await using var tenant = await TestTenant.StartAsync();
        var started = DateTimeOffset.UtcNow;
        var first = (await tenant.GetJsonAsync(TenantRoutes.Entry("tenant-signing"))).GetProperty("fingerprint").GetString()!;
        for (var i = 0; i < 3; i++) await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, $"a-{i}"));
        await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap12, "<broken");
        await tenant.CreateKeyPairAsync("next");
        await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
        var second = (await tenant.GetJsonAsync(TenantRoutes.Entry("tenant-signing"))).GetProperty("fingerprint").GetString()!;
        var (_, _, response) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap12, Soap.Envelope(SoapVersion.Soap12, "b-0"));
        var lastId = response.Headers.GetValues("X-Message-Id").Single();

        var all = await tenant.GetJsonAsync(TenantRoutes.Messages);
        Assert.Equal(5, all.GetArrayLength());
        Assert.Equal(lastId, all[0].GetProperty("id").GetString()); // newest first
        Assert.Equal("1.2", all[0].GetProperty("soapVersion").GetString());
        Assert.True(all[0].GetProperty("answeredAt").GetDateTimeOffset() >= all[0].GetProperty("receivedAt").GetDateTimeOffset());
        Assert.True(all[0].GetProperty("durationMs").GetDouble() > 0);

        Assert.Equal(4, (await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(fingerprint: first))).GetArrayLength());
        Assert.Equal(1, (await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(fingerprint: second))).GetArrayLength());
        var faults = await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(status: MessageStatus.Fault));
        Assert.Equal(1, faults.GetArrayLength());
        Assert.Equal(400, faults[0].GetProperty("httpStatus").GetInt32());
        Assert.Equal(4, (await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(status: MessageStatus.Completed))).GetArrayLength());
        Assert.Equal(5, (await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(alias: "TENANT-signing"))).GetArrayLength());
        Assert.Equal(0, (await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(alias: "other"))).GetArrayLength());
        Assert.Equal(2, (await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(limit: 2))).GetArrayLength());
        Assert.Equal(5, (await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(from: started.AddSeconds(-1)))).GetArrayLength());
        Assert.Equal(0, (await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(to: started.AddSeconds(-1)))).GetArrayLength());

        var counts = (await tenant.GetJsonAsync(TenantRoutes.MessageCounts)).Deserialize<MessageCount[]>(TestTenant.Json)!;
        var byKey = counts.ToDictionary(c => (c.Fingerprint, c.Status), c => c.Count);
        Assert.Equal(3, byKey[(first, MessageStatus.Completed)]);
        Assert.Equal(1, byKey[(first, MessageStatus.Fault)]);
        Assert.Equal(1, byKey[(second, MessageStatus.Completed)]);

        // The log lives in SQLite in the data directory and survives a restart.
        var dir = tenant.DataDir;
        Assert.True(File.Exists(Path.Combine(dir, "messages.db")));
    }

    [Fact]
    public async Task A_header_alias_without_a_key_pair_is_refused_with_a_signed_fault_and_logged()
    {
        await using var tenant = await TestTenant.StartAsync();
        await tenant.SetSignerAsync(new { aliasHeader = "X-Signer-Alias", allowedAliases = new[] { "no-such-alias" } });
        var (status, body, _) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "x"),
            r => r.Headers.Add("X-Signer-Alias", "no-such-alias"));
        Assert.Equal(403, status);
        var text = System.Text.Encoding.UTF8.GetString(body);
        Assert.Contains("no-such-alias&apos; named by header X-Signer-Alias holds no key pair", text, StringComparison.Ordinal);
        // Before, this answer was an unsigned fault: now the step's own key signs the refusal.
        var result = Soap.Verify(body, await tenant.CertificateAsync("tenant-signing"));
        Assert.True(result.IsValid, result.ToString());
        var logged = await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(status: MessageStatus.Fault));
        Assert.Equal("tenant-signing", logged[0].GetProperty("alias").GetString());
        Assert.Equal(403, logged[0].GetProperty("httpStatus").GetInt32());
    }

    [Fact]
    public async Task Rows_older_than_the_retention_are_pruned()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var tenant = await TestTenant.StartAsync(o => o with { MessageRetention = TimeSpan.FromDays(2) }, time);
        for (var i = 0; i < 3; i++) await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, $"old-{i}"));
        Assert.Equal(3, (await tenant.GetJsonAsync(TenantRoutes.Messages)).GetArrayLength());

        time.Advance(TimeSpan.FromDays(1));
        await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "day-1"));
        Assert.Equal(4, (await tenant.GetJsonAsync(TenantRoutes.Messages)).GetArrayLength());

        // Signatures carry the fake time, so the responses are not verified here; only the log's clock matters.
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(2));
        await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "day-2"));
        var left = await tenant.GetJsonAsync(TenantRoutes.Messages);
        Assert.Equal(2, left.GetArrayLength());
        Assert.All(left.EnumerateArray(), m => Assert.True(m.GetProperty("receivedAt").GetDateTimeOffset() > time.GetUtcNow() - TimeSpan.FromDays(2)));
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "condition not reached in 10 s");
            await Task.Delay(20);
        }
    }
}
