using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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
        await first.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
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
            view = await second.GetJsonAsync(TenantRoutes.Cluster);
            return view.GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("deployedGeneration").GetInt64() == stored) == 2;
        }, "both nodes report the stored generation");
        Assert.Equal(stored, view.GetProperty("storedGeneration").GetInt64());
        Assert.Equal(["node-a", "node-b"], view.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
        Assert.All(view.GetProperty("nodes").EnumerateArray(), n => Assert.Equal(ClusterNodeStatus.Deployed, n.GetProperty("status").Deserialize<ClusterNodeStatus>(TestTenant.Json)));
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
        var reported = await node.GetJsonAsync(TenantRoutes.Cluster);
        await Eventually.Until(async () => (await node.GetJsonAsync(TenantRoutes.Cluster)).GetProperty("nodes")[0].GetProperty("deployedGeneration").GetInt64() == before.Generation + 1,
            "the node reports the polled generation");
        Assert.Equal(before.Generation + 1, reported.GetProperty("storedGeneration").GetInt64());
    }

    [Fact]
    public async Task A_tenant_on_its_data_directory_has_no_cluster_view()
    {
        await using var tenant = await TestTenant.StartAsync();
        using var response = await tenant.Admin.GetAsync(TenantRoutes.Cluster);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("--store", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task A_node_with_a_propagation_delay_keeps_signing_with_the_old_key_meanwhile_and_the_cluster_view_shows_its_lag()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var fast = await StartAsync(database, "node-a", TimeSpan.FromHours(1));
        await using var slow = await StoreTenant.StartAsync(database, o => o with { NodeName = "node-slow", ClusterPollInterval = TimeSpan.FromHours(1), PropagationDelay = TimeSpan.FromSeconds(10) });
        var old = await fast.CertificateAsync("tenant-signing");

        await fast.CreateKeyPairAsync("next");
        var next = await fast.CertificateAsync("next");
        // The delay runs from when the node learns of a change: let it deploy the new key pair before the exchange.
        await Eventually.Until(() => slow.Host.State.Current.Generation == fast.Host.State.Current.Generation, "the slow node deploys the new key pair");
        await fast.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
        var stored = fast.Host.State.Current.Generation;

        // Within the delay (far longer than these few requests take, even on a loaded machine): stored, not deployed on the slow node, which still signs with the old key.
        var view = await fast.GetJsonAsync(TenantRoutes.Cluster);
        var lagging = view.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "node-slow");
        Assert.Equal(ClusterNodeStatus.Stored, lagging.GetProperty("status").Deserialize<ClusterNodeStatus>(TestTenant.Json));
        Assert.Equal(10_000, lagging.GetProperty("propagationDelayMs").GetInt64());
        Assert.True(lagging.GetProperty("lagMs").GetDouble() >= 0);
        Assert.True(view.TryGetProperty("storedAt", out _));
        var (status, body, _) = await Soap.SendAsync(slow.Anonymous, slow.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "while-lagging"));
        Assert.True(Soap.Verify(body, old).IsValid, $"the lagging node signs with the old key: {status} {Soap.Verify(body, old)} {slow.Host.State.Current.Generation}/{stored}");

        await Eventually.Until(() => slow.Host.State.Current.Generation == stored, "the slow node deploys after its delay");
        (_, body, _) = await Soap.SendAsync(slow.Anonymous, slow.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "after"));
        Assert.True(Soap.Verify(body, next).IsValid, "the slow node signs with the new key once deployed");
        JsonElement deployed = default;
        await Eventually.Until(async () =>
        {
            deployed = (await fast.GetJsonAsync(TenantRoutes.Cluster)).GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "node-slow");
            return deployed.GetProperty("status").Deserialize<ClusterNodeStatus>(TestTenant.Json) == ClusterNodeStatus.Deployed;
        }, "the slow node reports the generation");
        // The lag of a deployed node is from the commit to its deployment: at least the delay it waited on purpose.
        Assert.True(deployed.GetProperty("lagMs").GetDouble() >= 10_000, deployed.ToString());
    }

    [StoreFact]
    public async Task Concurrent_changes_through_two_nodes_from_one_generation_exactly_one_wins_each_time()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var a = await StartAsync(database, "node-a", TimeSpan.FromMilliseconds(200));
        await using var b = await StartAsync(database, "node-b", TimeSpan.FromMilliseconds(200));

        for (var round = 1; round <= 10; round++)
        {
            var generation = a.Host.State.Current.Generation;
            await Eventually.Until(() => b.Host.State.Current.Generation == generation, $"node-b deploys generation {generation}");
            var share = round / 100.0;
            var answers = await Task.WhenAll(
                PutFlowAsync(a, generation, share),
                PutFlowAsync(b, generation, share + 0.5));

            Assert.Equal(1, answers.Count(s => s == HttpStatusCode.OK));
            Assert.Equal(1, answers.Count(s => s is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict));
            var winner = answers[0] == HttpStatusCode.OK ? share : share + 0.5;
            await Eventually.Until(() => a.Host.State.Current.Generation == generation + 1 && b.Host.State.Current.Generation == generation + 1, "both nodes deploy the winner");
            Assert.Equal(winner, a.Host.State.Current.Flow.FailureShare);
            Assert.Equal(winner, b.Host.State.Current.Flow.FailureShare);
        }
    }

    [StoreFact]
    public async Task The_in_flight_view_of_any_node_covers_the_messages_in_flight_on_every_node()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var a = await StartAsync(database, "node-a", TimeSpan.FromMilliseconds(200));
        await using var b = await StartAsync(database, "node-b", TimeSpan.FromMilliseconds(200));
        var fingerprint = (await a.GetJsonAsync(TenantRoutes.Entry("tenant-signing"))).GetProperty("fingerprint").GetString()!;
        await a.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 2500, failureShare = 0 });
        var flowGeneration = a.Host.State.Current.Generation;
        await Eventually.Until(() => b.Host.State.Current.Generation == flowGeneration, "node-b deploys the slow flow");

        // Slow messages on node-b only; node-a is asked.
        var slow = Enumerable.Range(0, 3).Select(i => Soap.SendAsync(b.Anonymous, b.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, $"slow-{i}"))).ToArray();
        JsonElement groups = default;
        await Eventually.Until(async () =>
        {
            groups = await a.GetJsonAsync(TenantRoutes.InFlight);
            return groups.GetArrayLength() == 1 && groups[0].GetProperty("count").GetInt32() == 3;
        }, "node-a sees node-b's three messages in flight");
        Assert.Equal(fingerprint, groups[0].GetProperty("fingerprint").GetString());
        Assert.Equal(["node-b"], groups[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        var notYet = await a.SendJsonAsync(HttpMethod.Post, TenantRoutes.WaitUntilDrained(fingerprint, TimeSpan.FromMilliseconds(50)), new { });
        Assert.False(notYet.GetProperty("drained").GetBoolean());
        Assert.Equal(3, notYet.GetProperty("inFlight").GetInt32());

        var drained = await a.SendJsonAsync(HttpMethod.Post, TenantRoutes.WaitUntilDrained(fingerprint, TimeSpan.FromSeconds(20)), new { });
        Assert.True(drained.GetProperty("drained").GetBoolean());
        Assert.All(await Task.WhenAll(slow), r => Assert.Equal(200, r.Status));

        // The cluster's log: node-a's query finds node-b's messages, each naming the node that answered it.
        var logged = await a.GetJsonAsync(TenantRoutes.Messages);
        Assert.Equal(3, logged.GetArrayLength());
        Assert.All(logged.EnumerateArray(), m => Assert.Equal("node-b", m.GetProperty("node").GetString()));
    }

    [StoreFact]
    public async Task The_message_log_survives_a_clean_shutdown_of_its_node()
    {
        var database = await cluster.CreateDatabaseAsync();
        var ids = new List<string>();
        await using (var node = await StartAsync(database, "node-a", TimeSpan.FromSeconds(5)))
        {
            for (var i = 0; i < 20; i++)
            {
                var (status, _, response) = await Soap.SendAsync(node.Anonymous, node.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, $"o-{i}"));
                Assert.Equal(200, status);
                ids.Add(response.Headers.GetValues("X-Message-Id").Single());
            }
        }

        // Another node on its own data directory: only the database can hold them.
        await using var other = await StartAsync(database, "node-b", TimeSpan.FromSeconds(5));
        var logged = await other.GetJsonAsync(TenantRoutes.MessagesWhere(limit: 100));
        Assert.Equal(ids.Order(), logged.EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order());
    }

    [StoreFact]
    public async Task A_restarted_node_has_caught_up_with_every_change_made_while_it_was_down_when_it_reports_ready()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var a = await StartAsync(database, "node-a", TimeSpan.FromMilliseconds(200));
        var dataDir = TestTenant.NewDataDir();
        await (await StoreTenant.StartAsync(database, o => o with { NodeName = "node-b", DataDir = dataDir })).DisposeAsync();

        await a.CreateKeyPairAsync("next");
        await a.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
        var next = await a.CertificateAsync("tenant-signing");
        var stored = a.Host.State.Current.Generation;

        await using var b = await StoreTenant.StartAsync(database, o => o with { NodeName = "node-b", DataDir = dataDir });
        await Eventually.Until(async () => await b.Anonymous.GetStringAsync("/health/ready") == "Healthy", "node-b reports ready");
        Assert.Equal(stored, b.Host.State.Current.Generation);
        var (_, body, _) = await Soap.SendAsync(b.Anonymous, b.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "after-restart"));
        Assert.True(Soap.Verify(body, next).IsValid);
    }

    [StoreFact]
    public async Task Nodes_started_together_on_an_empty_store_all_start_and_sign_with_the_one_initial_key_pair()
    {
        var database = await cluster.CreateDatabaseAsync();
        // Each races to create the initial key pair; only one commit can win, and the others must take its key pair.
        var starting = Enumerable.Range(1, 3).Select(i => Task.Run(() => StartAsync(database, $"node-{i}", TimeSpan.FromHours(1)))).ToArray();
        var nodes = await Task.WhenAll(starting);
        try
        {
            var certificates = await Task.WhenAll(nodes.Select(n => n.CertificateAsync("tenant-signing")));
            Assert.Single(certificates.Select(CertificateInfo.Fingerprint).Distinct());
            foreach (var node in nodes)
            {
                var (status, body, _) = await Soap.SendAsync(node.Anonymous, node.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "first"));
                Assert.Equal(200, status);
                Assert.True(Soap.Verify(body, certificates[0]).IsValid);
            }
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    private static async Task<HttpStatusCode> PutFlowAsync(TestTenant node, long generation, double failureShare)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, TenantRoutes.Flow) { Content = JsonContent.Create(new { processingLatencyMs = 0, failureShare }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{generation}\""));
        using var response = await node.Admin.SendAsync(request);
        return response.StatusCode;
    }

    private static Task<TestTenant> StartAsync(string database, string node, TimeSpan poll) =>
        StoreTenant.StartAsync(database, o => o with { NodeName = node, ClusterPollInterval = poll });
}
