using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Certificates;
using Rotation.Shared.Contract;
using Rotation.Tenant.Persistence;
using Rotation.Tenant.Persistence.Shared;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.State;

/// <summary>
/// Tenant hosts in one process on one <see cref="SharedTenantStateStore"/> (the drill's embedded cluster, docs/DESIGN.md §8):
/// a change stored through one node is deployed by the others, each reports it in /admin/cluster, each response names its node,
/// and a node with a propagation delay keeps signing with the old key until the delay has passed.
/// </summary>
public sealed class SharedStoreNodeTests : IDisposable
{
    private readonly string _root = TestTenant.NewDataDir();
    private readonly DataDirectory _directory;
    private readonly SharedTenantStateStore _store;

    public SharedStoreNodeTests()
    {
        _directory = DataDirectory.Open(_root);
        _store = new SharedTenantStateStore(new FileTenantStateStore(_directory, "shared-store-test-password"));
    }

    [Fact]
    public async Task An_exchange_through_one_node_is_deployed_by_the_other_and_every_response_names_its_node()
    {
        await using var first = await StartAsync("node-a", TimeProvider.System, TimeSpan.Zero);
        await using var second = await StartAsync("node-b", TimeProvider.System, TimeSpan.Zero);

        var (old, next) = await ExchangeAsync(first);
        var stored = first.Host.State.Current.Generation;

        await Eventually.Until(() => second.Host.State.Current.Generation == stored, $"node-b deploys generation {stored}");
        var (fingerprint, node) = await SignerOfResponseAsync(second, old, next);
        Assert.Equal(CertificateInfo.Fingerprint(next), fingerprint);
        Assert.Equal("node-b", node);
        Assert.Equal("node-a", (await SignerOfResponseAsync(first, old, next)).Node);

        JsonElement view = default;
        await Eventually.Until(async () =>
        {
            view = await second.GetJsonAsync(TenantRoutes.Cluster);
            return view.GetProperty("nodes").EnumerateArray().All(n => n.GetProperty("status").Deserialize<ClusterNodeStatus>(TestTenant.Json) == ClusterNodeStatus.Deployed);
        }, "both nodes report the stored generation");
        Assert.Equal(stored, view.GetProperty("storedGeneration").GetInt64());
        Assert.Equal(["node-a", "node-b"], view.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_node_with_a_propagation_delay_signs_with_the_old_key_until_the_delay_has_passed()
    {
        var delay = TimeSpan.FromSeconds(5);
        var slowClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = await StartAsync("node-a", TimeProvider.System, TimeSpan.Zero);
        await using var slow = await StartAsync("node-b", slowClock, delay);
        var (old, next) = await ExchangeAsync(first);
        var stored = first.Host.State.Current.Generation;

        // The slow node's clock stands still: it has learned of the change and waits out its delay.
        var (fingerprint, node) = await SignerOfResponseAsync(slow, old, next);
        Assert.Equal(CertificateInfo.Fingerprint(old), fingerprint);
        Assert.Equal("node-b", node);
        var view = await first.GetJsonAsync(TenantRoutes.Cluster);
        Assert.Equal(ClusterNodeStatus.Stored, view.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "node-b").GetProperty("status").Deserialize<ClusterNodeStatus>(TestTenant.Json));

        await Eventually.Until(() =>
        {
            slowClock.Advance(delay);
            return slow.Host.State.Current.Generation == stored;
        }, "node-b deploys once its delay has passed");
        Assert.Equal(CertificateInfo.Fingerprint(next), (await SignerOfResponseAsync(slow, old, next)).Fingerprint);
    }

    private Task<TestTenant> StartAsync(string node, TimeProvider time, TimeSpan delay) =>
        TestTenant.StartAsync(o => o with { SharedStore = _store, NodeName = node, PropagationDelay = delay, ClusterPollInterval = TimeSpan.FromHours(1) }, time);

    /// <summary>Exchanges the signer step's key pair through <paramref name="node"/>: the old and the new certificate.</summary>
    private static async Task<(X509Certificate2 Old, X509Certificate2 Next)> ExchangeAsync(TestTenant node)
    {
        var old = await node.CertificateAsync("tenant-signing");
        await node.CreateKeyPairAsync("next", "EC", 256);
        var next = await node.CertificateAsync("next");
        await node.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
        return (old, next);
    }

    /// <summary>Which of the two keys signed a response of this node (it must verify with one), and the node its header names.</summary>
    private static async Task<(string? Fingerprint, string? Node)> SignerOfResponseAsync(TestTenant node, X509Certificate2 old, X509Certificate2 next)
    {
        var (status, body, response) = await Soap.SendAsync(node.Anonymous, node.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "which-node"));
        using (response)
        {
            Assert.Equal(200, status);
            var verified = Soap.Verify(body, old, next);
            Assert.True(verified.IsValid, verified.ToString());
            return (verified.Fingerprint, response.Headers.TryGetValues(OrderContract.NodeHeader, out var names) ? names.Single() : null);
        }
    }

    public void Dispose()
    {
        _directory.Dispose();
        TestTenant.TryDelete(_root);
    }
}
