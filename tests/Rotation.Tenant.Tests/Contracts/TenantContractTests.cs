using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rotation.Shared.Admin;
using Rotation.Shared.Certificates;
using Rotation.Shared.Tests.Support;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Contracts;

/// <summary>
/// The contracts assembly is the wire (docs/DESIGN.md §7b): every view a live tenant serves, read into its contract type
/// and written back with the admin API's JSON settings, is exactly the JSON the tenant sent — no field lost, renamed or
/// re-typed — the typed client reads the same, and it turns the tenant's problem+json into an <see cref="AdminProblem"/>
/// with its type, code and detail.
/// </summary>
public sealed class TenantContractTests : IAsyncLifetime
{
    private TestTenant _tenant = null!;

    public async Task InitializeAsync() => _tenant = await TestTenant.StartAsync();

    public async Task DisposeAsync() => await _tenant.DisposeAsync();

    [Fact]
    public async Task Keystore_views_round_trip_to_the_tenants_json()
    {
        var created = await RawAsync(HttpMethod.Post, TenantRoutes.KeyPairs, new CreateKeyPairBody("next", "EC", 256, "CN=next", 30));
        ContractJson.AssertRoundTrips<EntryView>(created);
        using var partner = TestCertificates.CurrentlyValid("CN=partner", KeyAlgorithm.EcP256, days: 20);
        ContractJson.AssertRoundTrips<EntryView>(await RawAsync(HttpMethod.Post, TenantRoutes.Certificates, new ImportCertificateBody("partner", partner.ExportCertificatePem())));
        ContractJson.AssertRoundTrips<EntryView[]>(await RawAsync(HttpMethod.Get, TenantRoutes.Entries));
        var entry = await RawAsync(HttpMethod.Get, TenantRoutes.Entry("next"));
        ContractJson.AssertRoundTrips<EntryView>(entry);
        Assert.Equal("KeyPair", entry["kind"]!.GetValue<string>());

        var signer = (await _tenant.Client.SignerStepAsync(default)).Value;
        var exchange = await RawAsync(HttpMethod.Post, TenantRoutes.Exchange(signer.Alias), new ExchangeBody(FromAlias: "next"));
        ContractJson.AssertRoundTrips<ExchangeView>(exchange);
        var history = await RawAsync(HttpMethod.Get, TenantRoutes.HistoryOf(signer.Alias));
        ContractJson.AssertRoundTrips<HistoryView[]>(history);
        Assert.Single(history.AsArray());
        ContractJson.AssertRoundTrips<HistoryView>(await RawAsync(HttpMethod.Get, TenantRoutes.HistoryEntry(history[0]!["id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Signer_step_and_flow_views_round_trip_to_the_tenants_json()
    {
        ContractJson.AssertRoundTrips<SignerStepView>(await RawAsync(HttpMethod.Get, TenantRoutes.Signer));
        var changed = await RawAsync(HttpMethod.Put, TenantRoutes.Signer, new SignerStepBody(AliasHeader: "X-Sign-With", AllowedAliases: ["other"], TimestampTimeToLiveSeconds: 120));
        ContractJson.AssertRoundTrips<SignerStepView>(changed);
        Assert.Equal("X-Sign-With", changed["aliasHeader"]!.GetValue<string>());

        ContractJson.AssertRoundTrips<FlowView>(await RawAsync(HttpMethod.Put, TenantRoutes.Flow, new FlowView(5, 0.25)));
        ContractJson.AssertRoundTrips<FlowView>(await RawAsync(HttpMethod.Get, TenantRoutes.Flow));

        // One alias holding a certificate and one not imported yet: both shapes of PublicKeyAliasView.
        using var partner = TestCertificates.CurrentlyValid("CN=partner", KeyAlgorithm.EcP256, days: 20);
        await RawAsync(HttpMethod.Post, TenantRoutes.Certificates, new ImportCertificateBody("partner", partner.ExportCertificatePem()));
        var inbound = await RawAsync(HttpMethod.Put, TenantRoutes.Inbound, new InboundVerificationBody(InboundVerificationMode.Off, ["partner", "partner-next"]));
        ContractJson.AssertRoundTrips<InboundVerificationView>(inbound);
        Assert.Equal([true, false], inbound["certificates"]!.AsArray().Select(c => c!["imported"]!.GetValue<bool>()));
        ContractJson.AssertRoundTrips<InboundVerificationView>(await RawAsync(HttpMethod.Get, TenantRoutes.Inbound));
    }

    [Fact]
    public async Task Message_views_round_trip_to_the_tenants_json()
    {
        var (status, _, response) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "contract-1"));
        Assert.Equal(200, status);
        var fingerprint = response.Headers.GetValues("X-Signing-Fingerprint").Single();

        var drain = await RawAsync(HttpMethod.Post, TenantRoutes.WaitUntilDrained(fingerprint, TimeSpan.FromSeconds(5)));
        ContractJson.AssertRoundTrips<DrainView>(drain);
        Assert.True(drain["drained"]!.GetValue<bool>());

        JsonNode counts = new JsonArray();
        // The message log is written behind the response.
        await Eventually.Until(async () =>
        {
            counts = await RawAsync(HttpMethod.Get, TenantRoutes.CountsSignedWith(fingerprint, DateTimeOffset.UtcNow.AddMinutes(-5)));
            return counts.AsArray().Count > 0;
        }, "the message log counts the message");
        ContractJson.AssertRoundTrips<MessageCount[]>(counts);
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

    [Fact]
    public async Task A_refused_change_is_a_problem_with_the_tenants_code_and_detail()
    {
        Assert.True((await _tenant.Client.CreateKeyPairAsync(new CreateKeyPairBody("twice", "EC", 256), default)).Succeeded);

        var again = await _tenant.Client.CreateKeyPairAsync(new CreateKeyPairBody("twice", "EC", 256), default);

        Assert.False(again.Succeeded);
        var problem = again.Problem!;
        Assert.Equal(HttpStatusCode.Conflict, problem.Status);
        Assert.Equal("DuplicateAlias", problem.Code);
        Assert.Equal("https://rotation.example/problems/duplicate-alias", problem.Type);
        Assert.Contains("twice", problem.Detail, StringComparison.Ordinal);
        Assert.Equal($"POST {TenantRoutes.KeyPairs}", again.Call);
        Assert.Throws<InvalidOperationException>(() => again.Value);
        Assert.Equal(2, _tenant.Host.Keystore.Current.Entries.Count);
    }

    [Fact]
    public async Task An_unknown_alias_is_a_404_problem()
    {
        var answer = await _tenant.Client.EntryAsync("no such alias", default);

        Assert.Equal(HttpStatusCode.NotFound, answer.Problem!.Status);
        Assert.Equal("UnknownAlias", answer.Problem.Code);
        Assert.Contains("no such alias", answer.Problem.Detail, StringComparison.Ordinal);
        Assert.False(answer.Problem.AccessRefused);
    }

    [Fact]
    public async Task A_wrong_token_is_an_access_refusal_and_changes_nothing()
    {
        var wrong = new TenantAdminClient(_tenant.Anonymous, "not-the-token-0123456789");

        var answer = await wrong.DeleteEntryAsync((await _tenant.Client.SignerStepAsync(default)).Value.Alias, default);

        Assert.True(answer.Problem!.AccessRefused);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.Problem.Status);
        Assert.Equal("Unauthorized", answer.Problem.Title);
        Assert.Single(_tenant.Host.Keystore.Current.Entries);
    }

    private Task<JsonNode> RawAsync(HttpMethod method, string path, object? body = null) => ContractJson.CallAsync(_tenant.Admin, method, path, body);
}
