using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Rotation.Tenant.Tests.CpiApi;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Postgres;

/// <summary>
/// Losing the database (docs/DESIGN.md §8): PostgreSQL is stopped (<c>pg_ctl stop -m fast</c>) and started again under
/// traffic. Nodes keep signing from their snapshot, refuse changes with 503 StoreUnavailable, report degraded, and once
/// the server is back take changes again and lose neither an acknowledged change nor a message log row. A cluster of its
/// own, since it is stopped.
/// </summary>
[NeedsPostgres]
public sealed class StoreOutageTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    [StoreFact]
    public async Task While_the_database_is_down_nodes_keep_signing_refuse_changes_with_503_and_report_degraded_then_resume()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var a = await StoreTenant.StartAsync(database, o => o with { NodeName = "node-a", ClusterPollInterval = TimeSpan.FromMilliseconds(200), CpiClients = CpiClient.Clients });
        await using var b = await StoreTenant.StartAsync(database, o => o with { NodeName = "node-b", ClusterPollInterval = TimeSpan.FromMilliseconds(200) });
        await a.CreateKeyPairAsync("spare");
        var acknowledged = a.Host.State.Current.Generation;
        await Eventually.Until(() => b.Host.State.Current.Generation == acknowledged, "node-b deploys the acknowledged change");
        var signing = await a.CertificateAsync("tenant-signing");
        using var cpi = CpiClient.ForBasic(a.Host.BaseAddress);
        await cpi.FetchCsrfAsync();

        using var stopTraffic = new CancellationTokenSource();
        var answers = new ConcurrentBag<(int Status, bool Verified, string Id)>();
        var traffic = Task.WhenAll(new[] { a, b }.Select(node => Task.Run(async () =>
        {
            for (var i = 0; !stopTraffic.IsCancellationRequested; i++)
            {
                var (status, body, response) = await Soap.SendAsync(node.Anonymous, node.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, $"t-{i}"));
                answers.Add((status, Soap.Verify(body, signing).IsValid, response.Headers.GetValues("X-Message-Id").Single()));
                await Task.Delay(10);
            }
        })));
        await Eventually.Until(() => answers.Count >= 10, "traffic runs");

        await cluster.StopServerAsync();
        var sentBeforeOutage = answers.Count;

        var refused = await SendAsync(a, HttpMethod.Put, TenantRoutes.Flow, """{"processingLatencyMs":0,"failureShare":0.25}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal("StoreUnavailable", refused.Body.GetProperty("code").GetString());
        Assert.Contains("the change was not made", refused.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (cpiStatus, cpiBody, cpiResponse) = await cpi.SendAsync(HttpMethod.Delete, $"/api/v1/KeystoreEntries('{CpiClient.Hex("spare")}')");
        cpiResponse.Dispose();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, cpiStatus);
        Assert.Equal("StoreUnavailable", JsonDocument.Parse(cpiBody).RootElement.GetProperty("error").GetProperty("code").GetString());
        var audit = await SendAsync(a, HttpMethod.Get, TenantRoutes.Audit, null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, audit.Status);
        Assert.Equal(acknowledged, a.Host.State.Current.Generation);

        foreach (var node in new[] { a, b })
        {
            await Eventually.Until(async () => (await node.Anonymous.GetStringAsync("/health/ready")).StartsWith("Degraded", StringComparison.Ordinal), "the node reports degraded");
            using var ready = await node.Anonymous.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode); // still in the load balancer: it signs
            Assert.Contains("store: Degraded: the store cannot be reached", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await Eventually.Until(() => answers.Count >= sentBeforeOutage + 20, "traffic goes on while the database is down");
        var duringOutage = answers.Count;

        await cluster.StartServerAsync();

        foreach (var node in new[] { a, b })
            await Eventually.Until(async () => await node.Anonymous.GetStringAsync("/health/ready") == "Healthy", "the node is healthy again");
        // A change that fails no message: traffic still runs and every answer must be a verified 200.
        await a.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 1, failureShare = 0 });
        Assert.Equal(acknowledged + 1, a.Host.State.Current.Generation);
        await Eventually.Until(() => b.Host.State.Current.Generation == acknowledged + 1, "node-b deploys the change made after the outage");
        Assert.Equal(204, (int)(await cpi.SendAsync(HttpMethod.Delete, $"/api/v1/KeystoreEntries('{CpiClient.Hex("spare")}')")).Status);

        await stopTraffic.CancelAsync();
        await traffic;
        Assert.True(answers.Count > duringOutage);
        Assert.All(answers, r => Assert.True(r.Status == 200 && r.Verified, $"message {r.Id}: {r.Status}, verified {r.Verified}"));
        // Every answer, the ones during the outage included, reaches the cluster's log once the database is back.
        var ids = answers.Select(r => r.Id).ToHashSet();
        await Eventually.Until(async () =>
        {
            var logged = await a.GetJsonAsync(TenantRoutes.MessagesWhere(limit: 10_000));
            return ids.IsSubsetOf(logged.EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
        }, $"all {ids.Count} messages in the log");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(TestTenant node, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await node.Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
