using System.Net;
using System.Text.Json.Nodes;
using Rotation.Sender.Contracts;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Tests.Contracts;

/// <summary>
/// The contracts assembly is the wire (docs/DESIGN.md §7b): every view a live sender serves, read into its contract type
/// and written back with the admin API's JSON settings, is exactly the JSON the sender sent; the typed client surfaces
/// the sender's problem+json with its code.
/// </summary>
[Collection(SenderCollection.Name)]
public sealed class SenderContractTests(TestKeys keys) : IDisposable
{
    private const string Token = "contract-json-token-0123";
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-sender-contract-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(SigningTenant Tenant, SenderHost Host)> StartAsync()
    {
        var tenant = await SigningTenant.StartAsync(keys.Old);
        var host = await SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = _dir,
            TenantUrl = tenant.BaseAddress,
            AdminToken = Token,
            TrustMode = TrustMode.Overlap,
            InitialCertificates = [TestKeys.Public(keys.Old)],
        });
        return (tenant, host);
    }

    [Fact]
    public async Task Trust_and_profile_views_round_trip_to_the_senders_json()
    {
        var (tenant, host) = await StartAsync();
        await using var _ = tenant;
        await using var __ = host;
        using var admin = host.CreateAdminClient();

        var added = await ContractJson.CallAsync(admin, HttpMethod.Post, SenderRoutes.TrustCertificates, new CertificateBody(TestKeys.Pem(keys.New)));
        ContractJson.AssertRoundTrips<TrustChangeView>(added);
        Assert.Equal(2, added["trust"]!["certificates"]!.AsArray().Count);
        ContractJson.AssertRoundTrips<TrustStoreView>(await ContractJson.CallAsync(admin, HttpMethod.Get, SenderRoutes.Trust));
        ContractJson.AssertRoundTrips<TrustChangeView>(await ContractJson.CallAsync(admin, HttpMethod.Put, SenderRoutes.TrustMode, new ModeBody(TrustMode.Overlap)));
        var expiry = await ContractJson.CallAsync(admin, HttpMethod.Get, SenderRoutes.TrustExpiry);
        ContractJson.AssertRoundTrips<ExpiryView>(expiry);
        Assert.Equal(2, expiry["certificates"]!.AsArray().Count);

        ContractJson.AssertRoundTrips<ProfileView>(await ContractJson.CallAsync(admin, HttpMethod.Put, SenderRoutes.Profile, new ProfileBody("cached-trust:60")));
        var profile = await ContractJson.CallAsync(admin, HttpMethod.Get, SenderRoutes.Profile);
        ContractJson.AssertRoundTrips<ProfileView>(profile);
        Assert.Equal("CachedTrust", profile["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Traffic_and_verify_views_round_trip_to_the_senders_json()
    {
        var (tenant, host) = await StartAsync();
        await using var _ = tenant;
        await using var __ = host;
        using var admin = host.CreateAdminClient();

        ContractJson.AssertRoundTrips<TrafficStatus>(await ContractJson.CallAsync(admin, HttpMethod.Get, SenderRoutes.Traffic));
        var started = await ContractJson.CallAsync(admin, HttpMethod.Post, SenderRoutes.TrafficStart, new StartBody(20, 2, null, null));
        ContractJson.AssertRoundTrips<TrafficStatus>(started);
        Assert.Equal("Running", started["state"]!.GetValue<string>());
        ContractJson.AssertRoundTrips<PauseView>(await ContractJson.CallAsync(admin, HttpMethod.Post, SenderRoutes.TrafficPause));
        ContractJson.AssertRoundTrips<TrafficStatus>(await ContractJson.CallAsync(admin, HttpMethod.Post, SenderRoutes.TrafficStop));

        var envelope = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><Ping xmlns=\"urn:t\">1</Ping></s:Body></s:Envelope>"u8.ToArray();
        var signed = new ResponseSigner(TimeProvider.System).Sign(envelope, keys.Old, SignerSettings.Default with { Algorithm = keys.Old.DefaultAlgorithm });
        foreach (var response in new[] { signed, envelope })
        {
            using var content = new ByteArrayContent(response);
            content.Headers.ContentType = new("text/xml");
            using var answer = await admin.PostAsync(SenderRoutes.Verify, content);
            ContractJson.AssertRoundTrips<VerifyView>(JsonNode.Parse(await answer.Content.ReadAsStringAsync())!);
        }
        var typed = await new SenderAdminClient(admin, Token).VerifyAsync(signed, default);
        Assert.True(typed.Value.IsValid);
        Assert.Equal(keys.Old.Fingerprint, typed.Value.Fingerprint);
    }

    /// <summary>
    /// The statistics and the probe report with every list filled — verified and rejected responses, a failure kind, a
    /// rejecting node, a second with latencies — read and written back whole. The sender serves these very types, so the
    /// fields its consumers read (the drill's report, the dashboard) are named too: a field dropped from a contract type
    /// is missing from what the sender serves.
    /// </summary>
    [Fact]
    public async Task Statistics_and_probe_views_round_trip_to_the_senders_json()
    {
        var (tenant, host) = await StartAsync();
        await using var _ = tenant;
        await using var __ = host;
        using var admin = host.CreateAdminClient();
        // Every third response is signed with a key the sender does not trust; the answering node is named.
        tenant.KeyPerRequest = n => n % 3 == 0 ? keys.New : keys.Old;
        tenant.NodePerRequest = n => n % 2 == 0 ? "node-a" : "node-b";

        ContractJson.AssertRoundTrips<TrafficStatus>(await ContractJson.CallAsync(admin, HttpMethod.Post, SenderRoutes.TrafficStart, new StartBody(40, 2, null, null)));
        await Eventually.TrueAsync(() => tenant.Requests >= 12, "traffic reaches the tenant");
        await ContractJson.CallAsync(admin, HttpMethod.Post, SenderRoutes.TrafficStop);

        var statistics = await ContractJson.CallAsync(admin, HttpMethod.Get, SenderRoutes.Statistics);
        var traffic = statistics["traffic"]!;
        var totals = traffic["totals"]!;
        Assert.True(totals["verified"]!.GetValue<long>() > 0);
        var second = traffic["series"]!.AsArray().First(s => s!["latencyMs"] is not null)!;
        var error = Assert.Single(traffic["errors"]!.AsArray())!;
        Assert.Equal("Rejected", error["kind"]!.GetValue<string>());
        AssertFields(statistics, "traffic status trustVerifiedCounts");
        AssertFields(traffic, "at startedAt totals byFingerprint series errors");
        AssertFields(totals, "requests verified rejected soapFaults transportErrors rejectedByReason averageLatencyMs maxLatencyMs rejectedByNode failed");
        AssertFields(totals["rejectedByNode"]!.AsArray().First(), "node reason count firstAt lastAt");
        AssertFields(traffic["byFingerprint"]!.AsArray().First(), "fingerprint verified firstVerifiedAt lastVerifiedAt");
        AssertFields(second, "second requests verified verifiedBy rejected soapFaults transportErrors paused latencyMs");
        AssertFields(second["latencyMs"], "p50 p95 p99");
        AssertFields(error, "kind code message count firstAt lastAt");
        ContractJson.AssertRoundTrips<StatisticsView>(statistics);

        var probe = await ContractJson.CallAsync(admin, HttpMethod.Post, SenderRoutes.Probe, new ProbeBody(6, 1));
        var outcomes = probe["outcomes"]!.AsArray();
        Assert.Equal(6, outcomes.Count);
        Assert.Contains(outcomes, o => o!["kind"]!.GetValue<string>() == "Verified" && o["fingerprint"]!.GetValue<string>() == keys.Old.Fingerprint);
        var rejected = outcomes.First(o => o!["kind"]!.GetValue<string>() == "Rejected")!;
        Assert.Equal("CertificateUntrusted", rejected["reason"]!.GetValue<string>());
        AssertFields(probe, "count verified rejected soapFaults transportErrors verifiedBy rejectedByReason outcomes allVerified");
        AssertFields(rejected, "sequence kind startedAt completedAt latency fingerprint reason message orderId node");
        ContractJson.AssertRoundTrips<ProbeReport>(probe);
    }

    /// <summary>The object has each of the space-separated fields (more is allowed: a field added breaks no consumer).</summary>
    private static void AssertFields(JsonNode? served, string fields)
    {
        var names = served!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        Assert.All(fields.Split(' '), field => Assert.True(names.Contains(field), $"'{field}' missing from {served.ToJsonString()}"));
    }

    [Fact]
    public async Task The_typed_client_surfaces_a_refusal_with_the_senders_code_and_changes_nothing()
    {
        var (tenant, host) = await StartAsync();
        await using var _ = tenant;
        await using var __ = host;
        using var http = new HttpClient { BaseAddress = host.Address };
        var client = new SenderAdminClient(http, Token);

        var unknown = await client.RemoveCertificateAsync("00ff", default);
        var invalid = await client.AddCertificateAsync("not a certificate", default);
        var refused = await new SenderAdminClient(http, "wrong-token-0123456789").ExchangeCertificateAsync(TestKeys.Pem(keys.New), default);

        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), (unknown.Problem!.Status, unknown.Problem.Code));
        Assert.Equal("https://rotation.example/problems/not-found", unknown.Problem.Type);
        Assert.Contains("00ff", unknown.Problem.Detail, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (invalid.Problem!.Status, invalid.Problem.Code));
        Assert.True(refused.Problem!.AccessRefused);
        Assert.Equal([keys.Old.Fingerprint], (await client.TrustAsync(default)).Value.Certificates.Select(c => c.Fingerprint));
    }
}
