using Rotation.Container.Tests.Infrastructure;
using Rotation.Shared.Verification;
using Xunit.Abstractions;
using Rotation.Tenant.Contracts;

namespace Rotation.Container.Tests;

/// <summary>
/// The tenant as a cluster (docs/DESIGN.md §8): PostgreSQL, two worker nodes, HAProxy in front, as in
/// docker-compose.yml; traffic and the administrator go through the load balancer, each node is also asked directly.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class ClusterContainerTests(RotationImages images, ITestOutputHelper log)
{
    private static readonly string[] NodeNames = ["node-a", "node-b"];

    // Concurrent callers: how many calls at most are under way on a node when it dies.
    private const int Callers = 4;

    // docker/haproxy/haproxy.cfg: the first refused or dropped connection takes a node out (observe layer4), without
    // waiting for its health checks; a call sent this long after the kill must find the other node.
    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(3);

    [DockerFact]
    public async Task Exchange_through_the_load_balancer_is_deployed_on_every_node_and_a_killed_node_costs_only_its_calls_under_way()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var cluster = await TenantCluster.StartAsync(images, NodeNames, ct);
        var lb = cluster.LoadBalancer;

        var (alias, oldFingerprint) = await lb.SignerAsync(ct);
        var created = await lb.Admin.PostJsonAsync(TenantRoutes.KeyPairs, new CreateKeyPairBody("signing-next", "EC-P256"), ct);
        var newFingerprint = created.GetProperty("fingerprint").GetString()!;
        var exchange = await lb.Admin.PostJsonAsync(TenantRoutes.Exchange(alias), new ExchangeBody(FromAlias: "signing-next"), ct);
        var exchangedAt = TimeProvider.System.GetUtcNow();
        Assert.Equal(oldFingerprint, exchange.GetProperty("retired").GetProperty("fingerprint").GetString());
        // The administrator reads back what they just changed, through the load balancer, at once: the admin API is
        // served by one node at a time, the one that made the change.
        Assert.Equal(newFingerprint, (await lb.SignerAsync(ct)).Fingerprint);

        var stored = (await lb.Admin.GetJsonAsync(TenantRoutes.Cluster, ct)).GetProperty("storedGeneration").GetInt64();
        foreach (var (node, name) in cluster.Nodes.Zip(NodeNames))
        {
            var view = await TenantCluster.WaitUntilDeployedAsync(node, stored, NodeNames, TimeSpan.FromSeconds(20), ct);
            log.WriteLine($"asked {name}, {TimeProvider.System.GetUtcNow() - exchangedAt:s\\.fff} s after the exchange: {view}");
            Assert.Equal(newFingerprint, (await node.SignerAsync(ct)).Fingerprint);
        }

        // Every response through the load balancer is signed with the new key, by both nodes.
        using var newCertificate = await lb.CertificateAsync(alias, ct);
        var trustNewOnly = new TrustSet(newCertificate);
        await using (var afterExchange = FlowTraffic.Start(lb.BaseAddress, trustNewOnly, Callers))
        {
            await afterExchange.WaitForAsync(o => o.Count >= 40, TimeSpan.FromSeconds(60), "40 calls after the exchange", ct);
            var outcomes = await afterExchange.StopAsync();
            Assert.All(outcomes, o => Assert.True(o.Succeeded && o.Fingerprint == newFingerprint, o.ToString()));
            Assert.Equal(2, outcomes.Select(o => o.Node).Distinct().Count());
        }

        // One node dies mid-traffic: what was under way on it fails, then the load balancer routes around it.
        await using var traffic = FlowTraffic.Start(lb.BaseAddress, trustNewOnly, Callers);
        await traffic.WaitForAsync(o => o.Count(x => x.Succeeded) >= 40, TimeSpan.FromSeconds(60), "40 calls before the kill", ct);
        var killedAt = TimeProvider.System.GetUtcNow();
        await ContainerRig.KillAsync(cluster.Nodes[1].Container, ct);
        await traffic.WaitForAsync(o => o.Count(x => x.SentAt > killedAt + Detection + TimeSpan.FromSeconds(2)) >= 40, TimeSpan.FromSeconds(60), "40 calls after the kill", ct);
        var all = await traffic.StopAsync();

        var failed = all.Where(o => !o.Succeeded).ToList();
        var slowest = all.Where(o => o.SentAt >= killedAt).MaxBy(o => o.AnsweredAt - o.SentAt);
        log.WriteLine($"{all.Count} calls, node killed at {killedAt:HH:mm:ss.fff}; {failed.Count} failed:");
        foreach (var f in failed) log.WriteLine($"  {f}");
        log.WriteLine($"slowest call after the kill: {slowest}");
        // Every failure is a call that reached the dead node before the load balancer took it out: the calls under way,
        // and a caller's next call if round robin sent it there too in those few milliseconds (a CI run saw 6 with 4
        // callers, all within 25 ms of the kill). So the bound is on time, not on a count per caller; none is signed
        // with another key.
        Assert.All(failed, f => Assert.True(f.SentAt < killedAt + Detection, $"a call sent after the node was out failed: {f}"));
        Assert.All(all.Where(o => o.Verification is not null), o => Assert.True(o.Verification!.IsValid, o.ToString()));
        // Once the node is out, the other one answers everything.
        var afterDetection = all.Where(o => o.SentAt > killedAt + Detection).ToList();
        Assert.NotEmpty(afterDetection);
        Assert.All(afterDetection, o => Assert.True(o.Succeeded, o.ToString()));
        Assert.Single(afterDetection.Select(o => o.Node).Distinct());
    }

    [DockerFact]
    public async Task Nodes_sign_from_their_snapshot_while_PostgreSQL_restarts_and_take_the_next_admin_change_afterwards()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var cluster = await TenantCluster.StartAsync(images, NodeNames, ct);
        var lb = cluster.LoadBalancer;
        var (alias, fingerprint) = await lb.SignerAsync(ct);
        using var certificate = await lb.CertificateAsync(alias, ct);

        await using var traffic = FlowTraffic.Start(lb.BaseAddress, new TrustSet(certificate), Callers);
        await traffic.WaitForAsync(o => o.Count(x => x.Succeeded) >= 20, TimeSpan.FromSeconds(60), "20 calls before the restart", ct);
        await cluster.Postgres.StopAsync(ct);
        var stoppedAt = TimeProvider.System.GetUtcNow();
        await traffic.WaitForAsync(o => o.Count(x => x.SentAt > stoppedAt + TimeSpan.FromSeconds(2)) >= 40, TimeSpan.FromSeconds(60), "40 calls without the database", ct);
        await cluster.Postgres.StartAsync(ct);
        var backAt = TimeProvider.System.GetUtcNow();

        // The next admin change after the database is back: the first attempts may meet connections the restart
        // broke; it must succeed within a bound. Idempotent, so a retried attempt cannot apply it twice.
        var attempts = new List<string>();
        var deadline = backAt + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await lb.Admin.PutJsonAsync(TenantRoutes.Flow, new FlowView(1, 0), ct);
                break;
            }
            catch (HttpRequestException e) when (TimeProvider.System.GetUtcNow() < deadline)
            {
                attempts.Add($"{TimeProvider.System.GetUtcNow() - backAt:s\\.fff} s after the restart: {e.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
        log.WriteLine($"the admin change succeeded {TimeProvider.System.GetUtcNow() - backAt:s\\.fff} s after the database was back; {attempts.Count} attempts failed before:");
        foreach (var a in attempts) log.WriteLine($"  {a}");

        // Both nodes deploy it: each one's change notifications came back with the database.
        var stored = (await lb.Admin.GetJsonAsync(TenantRoutes.Cluster, ct)).GetProperty("storedGeneration").GetInt64();
        foreach (var node in cluster.Nodes)
        {
            await TenantCluster.WaitUntilDeployedAsync(node, stored, NodeNames, TimeSpan.FromSeconds(20), ct);
            Assert.Equal(1, (await node.Admin.GetJsonAsync(TenantRoutes.Flow, ct)).GetProperty("processingLatencyMs").GetInt32());
        }

        var outcomes = await traffic.StopAsync();
        log.WriteLine($"{outcomes.Count} calls; {outcomes.Count(o => o.SentAt > stoppedAt && o.AnsweredAt < backAt)} while the database was away");
        Assert.All(outcomes, o => Assert.True(o.Succeeded && o.Fingerprint == fingerprint, o.ToString()));
        Assert.True(outcomes.Count(o => o.SentAt > stoppedAt && o.AnsweredAt < backAt) >= 40);
    }
}
