using System.Text.Json;
using System.Text.Json.Nodes;
using Rotation.Shared.Admin;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Contracts;

/// <summary>
/// The contracts assembly is the wire (docs/DESIGN.md §7b): every view a live tenant serves, read into its contract type
/// and written back with the admin API's JSON settings, is exactly the JSON the tenant sent — no field lost, renamed or
/// re-typed — and the typed client reads the same.
/// </summary>
public sealed class TenantContractJsonTests : IAsyncLifetime
{
    private TestTenant _tenant = null!;

    public async Task InitializeAsync() => _tenant = await TestTenant.StartAsync();

    public async Task DisposeAsync() => await _tenant.DisposeAsync();

    [Fact]
    public async Task Keystore_views_round_trip_to_the_tenants_json()
    {
        var created = await RawAsync(HttpMethod.Post, TenantRoutes.KeyPairs, new CreateKeyPairBody("next", "EC", 256, "CN=next", 30));
        AssertRoundTrips<EntryView>(created);
        using var partner = CertificateFactory.CreateSelfSigned("CN=partner", KeyAlgorithm.EcP256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(20));
        AssertRoundTrips<EntryView>(await RawAsync(HttpMethod.Post, TenantRoutes.Certificates, new ImportCertificateBody("partner", partner.ExportCertificatePem())));
        AssertRoundTrips<EntryView[]>(await RawAsync(HttpMethod.Get, TenantRoutes.Entries));
        var entry = await RawAsync(HttpMethod.Get, TenantRoutes.Entry("next"));
        AssertRoundTrips<EntryView>(entry);
        Assert.Equal("KeyPair", entry["kind"]!.GetValue<string>());

        var signer = (await _tenant.Client.SignerStepAsync(default)).Value;
        var exchange = await RawAsync(HttpMethod.Post, TenantRoutes.Exchange(signer.Alias), new ExchangeBody(FromAlias: "next"));
        AssertRoundTrips<ExchangeView>(exchange);
        var history = await RawAsync(HttpMethod.Get, TenantRoutes.HistoryOf(signer.Alias));
        AssertRoundTrips<HistoryView[]>(history);
        Assert.Single(history.AsArray());
        AssertRoundTrips<HistoryView>(await RawAsync(HttpMethod.Get, TenantRoutes.HistoryEntry(history[0]!["id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Signer_step_and_flow_views_round_trip_to_the_tenants_json()
    {
        AssertRoundTrips<SignerStepView>(await RawAsync(HttpMethod.Get, TenantRoutes.Signer));
        var changed = await RawAsync(HttpMethod.Put, TenantRoutes.Signer, new SignerStepBody(AliasHeader: "X-Sign-With", AllowedAliases: ["other"], TimestampTimeToLiveSeconds: 120));
        AssertRoundTrips<SignerStepView>(changed);
        Assert.Equal("X-Sign-With", changed["aliasHeader"]!.GetValue<string>());

        AssertRoundTrips<FlowView>(await RawAsync(HttpMethod.Put, TenantRoutes.Flow, new FlowView(5, 0.25)));
        AssertRoundTrips<FlowView>(await RawAsync(HttpMethod.Get, TenantRoutes.Flow));

        // One alias holding a certificate and one not imported yet: both shapes of PublicKeyAliasView.
        using var partner = CertificateFactory.CreateSelfSigned("CN=partner", KeyAlgorithm.EcP256, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(20));
        await RawAsync(HttpMethod.Post, TenantRoutes.Certificates, new ImportCertificateBody("partner", partner.ExportCertificatePem()));
        var inbound = await RawAsync(HttpMethod.Put, TenantRoutes.Inbound, new InboundVerificationBody(InboundVerificationMode.Off, ["partner", "partner-next"]));
        AssertRoundTrips<InboundVerificationView>(inbound);
        Assert.Equal([true, false], inbound["certificates"]!.AsArray().Select(c => c!["imported"]!.GetValue<bool>()));
        AssertRoundTrips<InboundVerificationView>(await RawAsync(HttpMethod.Get, TenantRoutes.Inbound));
    }

    [Fact]
    public async Task Message_views_round_trip_to_the_tenants_json()
    {
        var (status, _, response) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "contract-1"));
        Assert.Equal(200, status);
        var fingerprint = response.Headers.GetValues("X-Signing-Fingerprint").Single();

        var drain = await RawAsync(HttpMethod.Post, TenantRoutes.WaitUntilDrained(fingerprint, TimeSpan.FromSeconds(5)));
        AssertRoundTrips<DrainView>(drain);
        Assert.True(drain["drained"]!.GetValue<bool>());

        JsonNode counts = new JsonArray();
        // The message log is written behind the response.
        await Eventually.Until(async () =>
        {
            counts = await RawAsync(HttpMethod.Get, TenantRoutes.CountsSignedWith(fingerprint, DateTimeOffset.UtcNow.AddMinutes(-5)));
            return counts.AsArray().Count > 0;
        }, "the message log counts the message");
        AssertRoundTrips<MessageCount[]>(counts);
        Assert.Equal("Completed", counts[0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_typed_client_reads_what_the_tenant_serves()
    {
        var raw = await RawAsync(HttpMethod.Get, TenantRoutes.Signer);
        var typed = await _tenant.Client.SignerStepAsync(default);
        Assert.True(typed.Succeeded);
        Assert.True(JsonNode.DeepEquals(raw, JsonSerializer.SerializeToNode(typed.Value, AdminJson.Options)), $"typed: {JsonSerializer.Serialize(typed.Value, AdminJson.Options)}\nraw: {raw.ToJsonString()}");
        var pem = await _tenant.Client.CertificatePemAsync(typed.Value.Alias, default);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem.Value, StringComparison.Ordinal);
    }

    private async Task<JsonNode> RawAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body, body.GetType(), options: AdminJson.Options);
        using var response = await _tenant.Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static void AssertRoundTrips<T>(JsonNode served)
    {
        var contract = served.Deserialize<T>(AdminJson.Options);
        var written = JsonSerializer.SerializeToNode(contract, AdminJson.Options);
        Assert.True(JsonNode.DeepEquals(served, written), $"{typeof(T).Name} does not round-trip.\nserved:  {served.ToJsonString()}\nwritten: {written?.ToJsonString()}");
    }
}
