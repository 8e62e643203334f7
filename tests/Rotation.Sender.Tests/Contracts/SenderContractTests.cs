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
