using System.Text.Json;
using Rotation.Drill.Services;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>
/// The drill on an embedded cluster (docs/DESIGN.md §8): several tenant nodes on one shared store behind a round-robin
/// front. The sender is informed only once every node serves the exchange, the report gives each node's propagation,
/// and informing too early is a rehearsed mistake whose rejections are traced to the node that signed them.
/// Short runs at a low rate: the point is which node signed what, not throughput.
/// </summary>
public sealed class ClusterDrillTests(ITestOutputHelper log)
{
    private static readonly DrillSettings Slow = DrillRunner.FastSettings with { Rate = 20, Concurrency = 4, Phase = TimeSpan.FromSeconds(1) };

    [Theory]
    [InlineData(ProcedureMode.Overlap)]
    [InlineData(ProcedureMode.Single)]
    public async Task On_three_nodes_the_sender_is_informed_only_after_every_node_deployed_the_exchange(ProcedureMode mode)
    {
        var directory = Directory.CreateTempSubdirectory("rotation-cluster-drill-").FullName;
        try
        {
            var (report, exitCode, console) = await DrillRunner.RunAsync(log, mode, reportDirectory: directory, services: new DrillServiceRequest { Nodes = 3 }, settings: Slow);
            var p = Assert.Single(report.Procedures);

            Assert.Equal(ExitCodes.Succeeded, exitCode);
            Assert.True(p.Passed, string.Join("; ", p.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
            var deployment = Assert.IsType<Deployment>(p.Propagation);
            Assert.True(deployment.Cluster && deployment.Complete);
            Assert.Equal(["node-1", "node-2", "node-3"], deployment.Nodes.Select(n => n.Node));
            // Every node served the exchange before the tenant administrator informed the sender.
            var inform = Assert.Single(p.Steps, s => s.Sentence.StartsWith("Inform the sender", StringComparison.Ordinal));
            Assert.All(deployment.Nodes, n =>
            {
                Assert.True(n.DeployedAt <= inform.FinishedAt, $"{n.Node} deployed at {n.DeployedAt:O}, after the sender was informed at {inform.FinishedAt:O}");
                Assert.True(n.DeployedGeneration >= deployment.Generation);
                Assert.InRange(n.Seconds!.Value, 0, 30);
            });
            Assert.Contains("every node deployed generation", inform.Detail);
            Assert.Empty(p.RejectedByNode);
            Assert.Contains("exchange deployed on every node: node-1", console);

            // report.json carries the propagation per node.
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "report.json")));
            var propagation = json.RootElement.GetProperty("procedures")[0].GetProperty("propagation");
            Assert.Equal(3, propagation.GetProperty("nodes").GetArrayLength());
            Assert.All(propagation.GetProperty("nodes").EnumerateArray(), n => Assert.True(n.GetProperty("seconds").GetDouble() >= 0));
            Assert.Contains("Propagation of the exchange", await File.ReadAllTextAsync(Path.Combine(directory, "report.html")));
            if (mode == ProcedureMode.Single)
                Assert.Contains("in-flight view of all 3 nodes", Assert.Single(p.Steps, s => s.Sentence.StartsWith("Ensure no message", StringComparison.Ordinal)).Detail);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Against_a_load_balancer_the_drill_reads_the_nodes_from_the_cluster_view_and_waits_for_the_slow_one()
    {
        // A running cluster as the drill meets it remotely: one URL (the front), the nodes only in GET /admin/cluster.
        var root = Directory.CreateTempSubdirectory("rotation-remote-cluster-").FullName;
        const string token = "remote-cluster-token-0123456789";
        var delay = TimeSpan.FromSeconds(1);
        try
        {
            await using (var cluster = await EmbeddedCluster.StartAsync(root, token, Shared.Certificates.KeyAlgorithm.Rsa2048, 2, delay, new Dictionary<string, string>(), Shared.WsSecurity.KeyReference.BinarySecurityToken, CancellationToken.None))
            {
                var (report, exitCode, _) = await DrillRunner.RunAsync(log, ProcedureMode.Overlap,
                    services: new DrillServiceRequest { TenantUrl = cluster.BaseAddress, TenantToken = token }, settings: Slow);
                var p = Assert.Single(report.Procedures);

                Assert.Equal(ExitCodes.Succeeded, exitCode);
                Assert.True(p.Passed, string.Join("; ", p.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
                var deployment = Assert.IsType<Deployment>(p.Propagation);
                Assert.Equal(["node-1", "node-2"], deployment.Nodes.Select(n => n.Node));
                var slow = deployment.Nodes[1];
                // The slow node cannot have deployed before its delay, and the sender was informed after it had.
                Assert.True(slow.Seconds >= delay.TotalSeconds / 2, $"node-2 deployed after {slow.Seconds} s, its delay is {delay.TotalSeconds} s");
                Assert.True(slow.DeployedAt <= Assert.Single(p.Steps, s => s.Sentence.StartsWith("Inform the sender", StringComparison.Ordinal)).FinishedAt);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Informing_before_every_node_deployed_is_demonstrated_with_the_rejections_traced_to_the_lagging_node()
    {
        var (report, exitCode, console) = await DrillRunner.RunAsync(log, ProcedureMode.Single, Scenario.InformBeforeDeployed,
            services: new DrillServiceRequest { Nodes = 2, LaggingNodeDelay = TimeSpan.FromSeconds(3) }, settings: Slow);
        var p = Assert.Single(report.Procedures);

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Equal(ProcedureVerdict.Demonstrated, p.Verdict);
        Assert.Equal(ScenarioNames.PredictedBreaks(Scenario.InformBeforeDeployed).Order(), p.Invariants.Where(i => !i.Holds).Select(i => i.Kind!.Value).Order());
        Assert.Equal(["CertificateUntrusted"], p.RejectedByReason.Keys);
        // Every rejected response was signed by the lagging node; the first node had deployed the exchange at once.
        var lagging = Assert.Single(p.RejectedByNode);
        Assert.Equal(("node-2", "CertificateUntrusted", p.Rejected), (lagging.Node, lagging.Reason, lagging.Count));
        Assert.True(p.SignedWithOldAfterExchange > 0);
        var deployment = Assert.IsType<Deployment>(p.Propagation);
        var (first, second) = (deployment.Nodes.Single(n => n.Node == "node-1"), deployment.Nodes.Single(n => n.Node == "node-2"));
        Assert.True(second.Seconds > first.Seconds, $"node-2 {second.Seconds} s, node-1 {first.Seconds} s");
        Assert.True(lagging.FirstAt >= p.ExchangedAt && lagging.LastAt <= second.DeployedAt!.Value.AddSeconds(1),
            "a response rejected outside the lagging node's window");
        Assert.Contains("without waiting for the nodes", Assert.Single(p.Steps, s => s.Sentence.StartsWith("Inform the sender", StringComparison.Ordinal)).Detail);
        Assert.Contains($"{p.Rejected}× CertificateUntrusted signed by node-2", console);
        Assert.Contains("RESULT: demonstrated", console);
    }
}
