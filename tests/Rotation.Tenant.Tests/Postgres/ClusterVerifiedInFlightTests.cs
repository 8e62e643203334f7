using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Inbound;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Postgres;

/// <summary>
/// "No message verified with the old certificate is still in the system" on a cluster (docs/DESIGN.md §8, §10): any
/// node's verified in-flight view and its wait cover the messages every node has in flight.
/// </summary>
[NeedsPostgres]
[Collection(PostgresCollection.Name)]
public sealed class ClusterVerifiedInFlightTests(PostgresCluster cluster)
{
    [StoreFact]
    public async Task A_verified_message_in_flight_on_one_node_shows_in_the_other_nodes_view_until_it_is_answered()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var a = await StartAsync(database, "node-a");
        await using var b = await StartAsync(database, "node-b");
        using var sender = SignedRequests.NewSenderKey("CN=Sender, O=Rotation Sender");
        var fingerprint = CertificateInfo.Fingerprint(sender);
        await InboundTenant.ImportAsync(a, "sender", sender);
        await a.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 2500, failureShare = 0 });
        var generation = a.Host.State.Current.Generation;
        await Eventually.Until(() => b.Host.State.Current.Generation == generation, "node-b deploys the certificate and the slow flow");

        // A slow verified message on node-b only; node-a is asked.
        var slow = InboundTenant.SendAsync(b, SoapVersion.Soap11, SignedRequests.Sign(Soap.Envelope(SoapVersion.Soap11, "slow"), sender));
        JsonElement groups = default;
        await Eventually.Until(async () =>
        {
            groups = await a.GetJsonAsync(TenantRoutes.VerifiedInFlight);
            return groups.GetArrayLength() == 1;
        }, "node-a sees node-b's verified message in flight");
        Assert.Equal(fingerprint, groups[0].GetProperty("fingerprint").GetString());
        Assert.Equal(1, groups[0].GetProperty("count").GetInt32());
        Assert.Equal(["sender"], groups[0].GetProperty("aliases").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["node-b"], groups[0].GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        // The signing side's view is a view of its own: the same message is there under the tenant's signing key, not the sender's certificate.
        Assert.DoesNotContain((await a.GetJsonAsync(TenantRoutes.InFlight)).EnumerateArray(), g => g.GetProperty("fingerprint").GetString() == fingerprint);
        var notYet = await a.SendJsonAsync(HttpMethod.Post, TenantRoutes.WaitUntilVerifiedDrained(fingerprint, TimeSpan.FromMilliseconds(50)), new { });
        Assert.False(notYet.GetProperty("drained").GetBoolean());
        Assert.Equal(1, notYet.GetProperty("inFlight").GetInt32());

        var drained = await a.SendJsonAsync(HttpMethod.Post, TenantRoutes.WaitUntilVerifiedDrained(fingerprint, TimeSpan.FromSeconds(20)), new { });
        Assert.True(drained.GetProperty("drained").GetBoolean());
        Assert.Equal(200, (await slow).Status);
        Assert.Empty((await a.GetJsonAsync(TenantRoutes.VerifiedInFlight)).EnumerateArray());
    }

    private static Task<TestTenant> StartAsync(string database, string node) =>
        StoreTenant.StartAsync(database, o => InboundTenant.Requiring(o, ["sender"]) with { NodeName = node, ClusterPollInterval = TimeSpan.FromMilliseconds(200) });
}
