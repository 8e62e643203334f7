using System.Net;
using System.Text.Json;
using Npgsql;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Postgres;

/// <summary>Tenant hosts on one database as worker nodes: a change stored through one is deployed by every other one.</summary>
[NeedsPostgres]
[Collection(PostgresCollection.Name)]
public sealed class ClusterNodeTests(PostgresCluster cluster)
{

    [StoreFact]
    public async Task An_exchange_through_one_node_is_deployed_by_the_other_on_notification_and_both_report_it()
    {
        var database = await cluster.CreateDatabaseAsync();
        // The poll is far beyond the deadline: only the notification can deploy the change in time.
        await using var first = await StartAsync(database, "node-a", TimeSpan.FromHours(1));
        await using var second = await StartAsync(database, "node-b", TimeSpan.FromHours(1));

        await first.CreateKeyPairAsync("next", "EC", 384);
        var next = await first.CertificateAsync("next");
        await first.SendJsonAsync(HttpMethod.Post, "/admin/keystore/entries/tenant-signing/exchange", new { fromAlias = "next" });
        var stored = first.Host.State.Current.Generation;

        await Eventually.Until(() => second.Host.State.Current.Generation == stored, $"node-b deploys generation {stored}");
        var (status, body, _) = await Soap.SendAsync(second.Anonymous, second.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "on-node-b"));
        Assert.Equal(200, status);
        var result = Soap.Verify(body, next);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(CertificateInfo.Fingerprint(next), CertificateInfo.Fingerprint(await second.CertificateAsync("tenant-signing")));

        JsonElement view = default;
        await Eventually.Until(async () =>
        {
            view = await second.GetJsonAsync("/admin/cluster");
            return view.GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("deployedGeneration").GetInt64() == stored) == 2;
        }, "both nodes report the stored generation");
        Assert.Equal(stored, view.GetProperty("storedGeneration").GetInt64());
        Assert.Equal(["node-a", "node-b"], view.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
        Assert.All(view.GetProperty("nodes").EnumerateArray(), n => Assert.Equal("Deployed", n.GetProperty("status").GetString()));
    }

    [StoreFact]
    public async Task A_change_stored_without_a_notification_is_deployed_by_the_poll()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var node = await StartAsync(database, "polling", TimeSpan.FromMilliseconds(200));
        var before = node.Host.State.Current;
        Assert.Equal(0, before.Flow.FailureShare);

        // As if the notification was lost: the row changes and nobody is told.
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand("UPDATE tenant_state SET generation = generation + 1, flow = jsonb_set(flow, '{failureShare}', '0.5') WHERE id = 1", connection);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        await Eventually.Until(() => node.Host.State.Current.Generation == before.Generation + 1, "the poll deploys the change");
        Assert.Equal(0.5, node.Host.State.Current.Flow.FailureShare);
        var reported = await node.GetJsonAsync("/admin/cluster");
        await Eventually.Until(async () => (await node.GetJsonAsync("/admin/cluster")).GetProperty("nodes")[0].GetProperty("deployedGeneration").GetInt64() == before.Generation + 1,
            "the node reports the polled generation");
        Assert.Equal(before.Generation + 1, reported.GetProperty("storedGeneration").GetInt64());
    }

    [Fact]
    public async Task A_tenant_on_its_data_directory_has_no_cluster_view()
    {
        await using var tenant = await TestTenant.StartAsync();
        using var response = await tenant.Admin.GetAsync("/admin/cluster");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("--store", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<TestTenant> StartAsync(string database, string node, TimeSpan poll) =>
        StoreTenant.StartAsync(database, o => o with { NodeName = node, ClusterPollInterval = poll });
}
