using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Rotation.Sender.Contracts;
using Rotation.Sender.Keys;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Trust;
using Rotation.Shared.Certificates;
using Rotation.Shared.Verification;

namespace Rotation.Sender.Tests;

/// <summary>/admin/keystore on a real sender host: the sender administrator's steps of the renewal of the sender's key (docs/DESIGN.md §10).</summary>
[Collection(SenderCollection.Name)]
public sealed class KeystoreApiTests(TestKeys keys) : IDisposable
{
    private const string CiToken = "ci-token-0123456789abcdef";
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-keystore-api-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(SigningTenant Tenant, SenderHost Host)> StartAsync(RequestSigningSettings? signing = null)
    {
        var tenant = await SigningTenant.StartAsync(keys.Old);
        var host = await SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = _dir,
            TenantUrl = tenant.BaseAddress,
            AdminToken = "keystore-admin-token",
            AdminTokens = new Dictionary<string, string> { ["ci"] = CiToken },
            InitialCertificates = [TestKeys.Public(keys.Old)],
            SigningKeyAlgorithm = KeyAlgorithm.EcP256,
            RequestSigning = signing,
        });
        return (tenant, host);
    }

    [Fact]
    public async Task The_renewal_steps_create_hand_over_and_exchange_change_what_signs_the_next_request()
    {
        var (tenant, host) = await StartAsync(new RequestSigningSettings(true));
        await using var _ = tenant;
        await using var __ = host;
        using var admin = host.CreateAdminClient();
        var old = host.Keystore.Current.SigningKeyPair!.Fingerprint;

        using var created = await admin.PostAsJsonAsync(SenderRoutes.KeyPairs, new { alias = "sender-2026", keyAlgorithm = "EC-P384", subject = "CN=Sender 2026" });
        var createdBody = await created.Content.ReadFromJsonAsync<JsonElement>();
        using var pemResponse = await admin.GetAsync(SenderRoutes.KeyPairCertificate("sender-2026"));
        var pem = await pemResponse.Content.ReadAsStringAsync();
        var handedOver = X509Certificate2.CreateFromPem(pem);
        tenant.RequestVerifier = new SignatureVerifier(new TrustSet(host.Keystore.Current.SigningKeyPair!.PublicCertificate, handedOver));
        await host.Sender.SendAsync(1, CancellationToken.None);
        var before = tenant.RequestVerdicts.Last();
        using var exchanged = await admin.PostAsJsonAsync(SenderRoutes.KeyPairExchange("sender"), new { from = "sender-2026" });
        var exchangedBody = await exchanged.Content.ReadFromJsonAsync<JsonElement>();
        await host.Sender.SendAsync(2, CancellationToken.None);
        var after = tenant.RequestVerdicts.Last();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/" + SenderRoutes.KeyPair("sender-2026"), created.Headers.Location?.OriginalString);
        Assert.Equal("EC-P384", createdBody.GetProperty("keyPair").GetProperty("algorithm").GetString());
        Assert.Equal("application/x-pem-file", pemResponse.Content.Headers.ContentType?.MediaType);
        Assert.False(handedOver.HasPrivateKey);
        Assert.DoesNotContain("PRIVATE", pem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        Assert.Equal(old, exchangedBody.GetProperty("retired").GetProperty("fingerprint").GetString());
        Assert.Equal((old, true), (before.Fingerprint, before.IsValid));
        Assert.Equal((CertificateInfo.Fingerprint(handedOver), true), (after.Fingerprint, after.IsValid));

        var history = await admin.GetFromJsonAsync<JsonElement[]>(SenderRoutes.KeystoreHistory);
        var retired = Assert.Single(history!);
        Assert.Equal(old, retired.GetProperty("fingerprint").GetString());
        var kept = retired.GetProperty("purgeableFrom").GetDateTimeOffset() - retired.GetProperty("retiredAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromDays(90), kept);
        await AdminContractTests.AssertProblem(await admin.DeleteAsync(SenderRoutes.HistoryEntry(retired.GetProperty("id").GetString()!)), HttpStatusCode.Conflict, "PurgeTooEarly");
    }

    [Fact]
    public async Task No_keystore_response_carries_a_private_key()
    {
        var (tenant, host) = await StartAsync();
        await using var _ = tenant;
        await using var __ = host;
        using var admin = host.CreateAdminClient();

        var bodies = new List<string>
        {
            await (await admin.PostAsJsonAsync(SenderRoutes.KeyPairs, new { alias = "next", keyAlgorithm = "RSA-2048" })).Content.ReadAsStringAsync(),
            await admin.GetStringAsync(SenderRoutes.Keystore),
            await admin.GetStringAsync(SenderRoutes.KeyPair("next")),
            await admin.GetStringAsync(SenderRoutes.KeyPairCertificate("next")),
            await (await admin.PostAsJsonAsync(SenderRoutes.KeyPairExchange("sender"), new { from = "next" })).Content.ReadAsStringAsync(),
            await admin.GetStringAsync(SenderRoutes.KeystoreHistory),
            await admin.GetStringAsync(SenderRoutes.KeystoreAudit),
        };

        Assert.All(bodies, body => Assert.DoesNotContain("PRIVATE KEY", body, StringComparison.Ordinal));
        Assert.Contains("PRIVATE KEY", await File.ReadAllTextAsync(host.Keystore.FilePath!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keystore_routes_need_the_token_and_refusals_are_problem_json()
    {
        var (tenant, host) = await StartAsync();
        await using var _ = tenant;
        await using var __ = host;
        using var admin = host.CreateAdminClient();
        using var anonymous = new HttpClient { BaseAddress = host.Address };
        using var wrong = new HttpClient { BaseAddress = host.Address };
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-token");

        await AdminContractTests.AssertProblem(await anonymous.GetAsync(SenderRoutes.Keystore), HttpStatusCode.Unauthorized, "Unauthorized");
        await AdminContractTests.AssertProblem(await wrong.PostAsJsonAsync(SenderRoutes.KeyPairs, new { alias = "x" }), HttpStatusCode.Unauthorized, "Unauthorized");
        await AdminContractTests.AssertProblem(await anonymous.GetAsync(SenderRoutes.KeyPairCertificate("sender")), HttpStatusCode.Unauthorized, "Unauthorized");
        await AdminContractTests.AssertProblem(await admin.PostAsJsonAsync(SenderRoutes.KeyPairs, new { alias = "x", keyAlgorithm = "DSA-1024" }), HttpStatusCode.BadRequest, "InvalidRequest");
        await AdminContractTests.AssertProblem(await admin.PostAsJsonAsync(SenderRoutes.KeyPairs, new { keyAlgorithm = "EC-P256" }), HttpStatusCode.BadRequest, "InvalidRequest");
        await AdminContractTests.AssertProblem(await admin.PostAsJsonAsync(SenderRoutes.KeyPairs, new { alias = "a/b" }), HttpStatusCode.BadRequest, "InvalidAlias");
        await AdminContractTests.AssertProblem(await admin.PostAsJsonAsync(SenderRoutes.KeyPairs, new { alias = "x", validityDays = 0 }), HttpStatusCode.BadRequest, "InvalidRequest");
        await AdminContractTests.AssertProblem(await admin.PostAsJsonAsync(SenderRoutes.KeyPairs, new { alias = "sender" }), HttpStatusCode.Conflict, "DuplicateAlias");
        await AdminContractTests.AssertProblem(await admin.GetAsync(SenderRoutes.KeyPairCertificate("nobody")), HttpStatusCode.NotFound, "UnknownAlias");
        await AdminContractTests.AssertProblem(await admin.PostAsJsonAsync(SenderRoutes.KeyPairExchange("sender"), new { from = "nobody" }), HttpStatusCode.NotFound, "UnknownAlias");
        await AdminContractTests.AssertProblem(await admin.PostAsJsonAsync(SenderRoutes.KeyPairExchange("sender"), new { }), HttpStatusCode.BadRequest, "InvalidRequest");
        await AdminContractTests.AssertProblem(await admin.PutAsJsonAsync(SenderRoutes.KeystoreSigning, new { enabled = true, keyReference = "thumbprint" }), HttpStatusCode.BadRequest, "InvalidRequest");
        await AdminContractTests.AssertProblem(await admin.DeleteAsync(SenderRoutes.HistoryEntry("nope")), HttpStatusCode.NotFound, "UnknownHistoryEntry");
        await AdminContractTests.AssertProblem(await admin.GetAsync(SenderRoutes.KeystoreAuditLast(0)), HttpStatusCode.BadRequest, "InvalidRequest");
        Assert.Equal(["sender"], host.Keystore.Current.KeyPairs.Keys);
        Assert.Equal(1, host.Keystore.Current.Revision);
    }

    [Fact]
    public async Task Signing_is_switched_by_put_with_the_keystore_etag_and_a_stale_if_match_is_refused()
    {
        var (tenant, host) = await StartAsync();
        await using var _ = tenant;
        await using var __ = host;
        using var admin = host.CreateAdminClient();

        using var read = await admin.GetAsync(SenderRoutes.Keystore);
        var etag = read.Headers.ETag!.Tag;
        using var on = new HttpRequestMessage(HttpMethod.Put, SenderRoutes.KeystoreSigning) { Content = JsonContent.Create(new { enabled = true, keyReference = "issuer-serial" }) };
        on.Headers.TryAddWithoutValidation("If-Match", etag);
        using var switched = await admin.SendAsync(on);
        using var stale = new HttpRequestMessage(HttpMethod.Put, SenderRoutes.KeystoreSigning) { Content = JsonContent.Create(new { enabled = false }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        using var refused = await admin.SendAsync(stale);
        tenant.RequestVerifier = new SignatureVerifier(new TrustSet(host.Keystore.Current.SigningKeyPair!.PublicCertificate));
        await host.Sender.SendAsync(1, CancellationToken.None);

        Assert.Equal("\"1\"", etag);
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        Assert.Equal("\"2\"", switched.Headers.ETag!.Tag);
        await AdminContractTests.AssertProblem(refused, HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.True(host.Keystore.Current.Signing.Enabled);
        Assert.Equal(Rotation.Shared.WsSecurity.KeyReference.IssuerSerial, tenant.RequestVerdicts.Last().KeyReference);
    }

    [Fact]
    public async Task The_keystore_audit_names_who_changed_what()
    {
        var (tenant, host) = await StartAsync();
        await using var _ = tenant;
        await using var __ = host;
        using var admin = host.CreateAdminClient();
        using var ci = host.CreateAdminClient();
        ci.DefaultRequestHeaders.Authorization = new("Bearer", CiToken);

        (await admin.PostAsJsonAsync(SenderRoutes.KeyPairs, new { alias = "next", keyAlgorithm = "EC-P256" })).EnsureSuccessStatusCode();
        (await ci.PostAsJsonAsync(SenderRoutes.KeyPairExchange("sender"), new { from = "next" })).EnsureSuccessStatusCode();
        var audit = await admin.GetFromJsonAsync<JsonElement[]>(SenderRoutes.KeystoreAudit);
        var trustAudit = await admin.GetFromJsonAsync<JsonElement[]>(SenderRoutes.Audit);

        Assert.Equal([("system", "created"), ("admin", "created"), ("ci", "exchanged")],
            audit!.Select(r => (r.GetProperty("who").GetString(), r.GetProperty("action").GetString())));
        Assert.Equal(host.Keystore.Current.SigningKeyPair!.Fingerprint, audit![2].GetProperty("newFingerprint").GetString());
        Assert.Empty(trustAudit!);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_keystore_routes()
    {
        var (tenant, host) = await StartAsync();
        await using var _ = tenant;
        await using var __ = host;
        using var anonymous = new HttpClient { BaseAddress = host.Address };

        var document = await anonymous.GetFromJsonAsync<JsonElement>("openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        var routes = new[]
        {
            SenderRoutes.Keystore, SenderRoutes.KeystoreSigning, SenderRoutes.KeyPairs, SenderRoutes.KeyPairCertificate("{alias}"),
            SenderRoutes.KeyPairExchange("{alias}"), SenderRoutes.KeystoreHistory, SenderRoutes.HistoryEntry("{id}"), SenderRoutes.KeystoreAudit,
        };
        foreach (var path in routes.Select(AdminContractTests.OpenApiPath))
            Assert.Contains(path, paths);
    }
}
