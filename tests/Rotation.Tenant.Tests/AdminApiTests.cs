using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>The admin API: bearer token on every route, clear problem+json for every refused operation.</summary>
public sealed class AdminApiTests(AdminApiTests.Fixture fixture) : IClassFixture<AdminApiTests.Fixture>
{
    private readonly TestTenant _tenant = fixture.Tenant;

    public sealed class Fixture : IAsyncLifetime
    {
        public TestTenant Tenant { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Tenant = await TestTenant.StartAsync();
            using var partner = TestCertificates.CurrentlyValid("CN=partner", KeyAlgorithm.EcP256, days: 20);
            await Tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Certificates, new { alias = "partner-cert", certificate = partner.ExportCertificatePem() });
        }

        public async Task DisposeAsync() => await Tenant.DisposeAsync();
    }

    [Fact]
    public async Task Every_admin_route_answers_401_problem_without_or_with_a_wrong_token()
    {
        var routes = _tenant.Host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/admin", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Path: Fill(e.RoutePattern.RawText!))))
            .ToList();
        Assert.True(routes.Count >= 20, $"only {routes.Count} admin routes found");
        foreach (var token in new string?[] { null, "wrong-token", TestTenant.Token + "x", "" })
        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { alias = "x" }) };
            if (token is not null) request.Headers.Authorization = new("Bearer", token);
            using var response = await _tenant.Anonymous.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with token '{token}': {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(2, _tenant.Host.Keystore.Current.Entries.Count);
    }

    /// <summary>The defect: the tenant's 401 had no type or code, unlike every other refusal and unlike the sender's.</summary>
    [Fact]
    public async Task A_refused_token_gets_the_admin_error_contract_with_the_bearer_challenge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, TenantRoutes.Audit);
        request.Headers.Authorization = new("Bearer", "wrong-token");
        using var response = await _tenant.Anonymous.SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal(("Bearer", "realm=\"rotation-tenant\""), (challenge.Scheme, challenge.Parameter));
        Assert.Equal("Unauthorized", problem.GetProperty("code").GetString());
        Assert.Equal("https://rotation.example/problems/unauthorized", problem.GetProperty("type").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains("ROTATION_ADMIN_TOKEN", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_metrics_and_openapi_need_no_token()
    {
        Assert.Equal("Healthy", await _tenant.Anonymous.GetStringAsync("/health/ready"));
        var (_, _, soap) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "metrics"));
        var fingerprint = soap.Headers.GetValues("X-Signing-Fingerprint").Single();
        var metrics = await _tenant.Anonymous.GetStringAsync("/metrics");
        Assert.Matches($"rotation_tenant_responses_signed_total{{fingerprint=\"{fingerprint}\",alias=\"tenant-signing\"}} [1-9]", metrics);
        Assert.Matches("rotation_tenant_signing_seconds_count [1-9]", metrics);
        Assert.Contains("rotation_tenant_message_log_backlog", metrics, StringComparison.Ordinal);
        Assert.Contains("rotation_tenant_keystore_entries{kind=\"key_pair\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("rotation_tenant_certificate_days_to_expiry{alias=\"partner-cert\"", metrics, StringComparison.Ordinal);
        Assert.Contains("rotation_tenant_certificate_expiry_warning{alias=\"partner-cert\"", metrics, StringComparison.Ordinal);
        var openApi = JsonDocument.Parse(await _tenant.Anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        // The document's templates, as it lists them (TenantRoutesAgreeTests holds every one against TenantRoutes).
        Assert.Contains("/admin/keystore/entries/{alias}/exchange", paths);
        Assert.Contains("/admin/messages/in-flight/{fingerprint}/wait", paths);
        Assert.Equal("bearer", openApi.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    public static TheoryData<string, string, object, HttpStatusCode, string> Refusals() => new()
    {
        { "POST", TenantRoutes.KeyPairs, new { alias = "tenant-signing", keyAlgorithm = "EC" }, HttpStatusCode.Conflict, "DuplicateAlias" },
        { "POST", TenantRoutes.KeyPairs, new { alias = "PARTNER-CERT", keyAlgorithm = "EC" }, HttpStatusCode.Conflict, "DuplicateAlias" },
        { "POST", TenantRoutes.KeyPairs, new { alias = "k1", keyAlgorithm = "RSA", keySize = 1024 }, HttpStatusCode.BadRequest, "UnsupportedKey" },
        { "POST", TenantRoutes.KeyPairs, new { alias = "k2", keyAlgorithm = "EC", keySize = 521 }, HttpStatusCode.BadRequest, "UnsupportedKey" },
        { "POST", TenantRoutes.KeyPairs, new { alias = "k3", keyAlgorithm = "DSA" }, HttpStatusCode.BadRequest, "UnsupportedKey" },
        { "POST", TenantRoutes.KeyPairs, new { alias = "../etc", keyAlgorithm = "EC" }, HttpStatusCode.BadRequest, "InvalidAlias" },
        { "POST", TenantRoutes.KeyPairs, new { alias = "k4", keyAlgorithm = "EC", subject = "not a dn ===" }, HttpStatusCode.BadRequest, "InvalidRequest" },
        { "POST", TenantRoutes.KeyPairImport, new { alias = "p1", pkcs12 = "bm90IGEgcGtjczEy", password = "x" }, HttpStatusCode.BadRequest, "MalformedPkcs12" },
        { "POST", TenantRoutes.KeyPairImport, new { alias = "p2", pkcs12 = "%%%", password = "x" }, HttpStatusCode.BadRequest, "MalformedPkcs12" },
        { "POST", TenantRoutes.KeyPairImport, new { alias = "p3", pkcs12 = Uploads.KeyPairPkcs12("right"), password = "wrong" }, HttpStatusCode.UnprocessableEntity, "WrongPassword" },
        { "POST", TenantRoutes.KeyPairImport, new { alias = "p4", pkcs12 = Uploads.CertificateOnlyPkcs12(), password = "pw" }, HttpStatusCode.UnprocessableEntity, "NotAKeyPair" },
        { "POST", TenantRoutes.Certificates, new { alias = "c1", certificate = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" }, HttpStatusCode.BadRequest, "MalformedCertificate" },
        { "POST", TenantRoutes.Certificates, new { alias = "c2", certificate = "aGVsbG8=" }, HttpStatusCode.BadRequest, "MalformedCertificate" },
        { "GET", TenantRoutes.Entry("nope"), new { }, HttpStatusCode.NotFound, "UnknownAlias" },
        { "GET", TenantRoutes.Certificate("nope"), new { }, HttpStatusCode.NotFound, "UnknownAlias" },
        { "GET", TenantRoutes.Certificate("tenant-signing", "pfx"), new { }, HttpStatusCode.BadRequest, "InvalidRequest" },
        { "GET", TenantRoutes.Csr("partner-cert"), new { }, HttpStatusCode.UnprocessableEntity, "NotAKeyPair" },
        { "DELETE", TenantRoutes.Entry("nope"), new { }, HttpStatusCode.NotFound, "UnknownAlias" },
        { "DELETE", TenantRoutes.Entry("tenant-signing"), new { }, HttpStatusCode.Conflict, "AliasInUse" },
        { "POST", TenantRoutes.Rename("tenant-signing"), new { newAlias = "other" }, HttpStatusCode.Conflict, "AliasInUse" },
        { "POST", TenantRoutes.Rename("nope"), new { newAlias = "other" }, HttpStatusCode.NotFound, "UnknownAlias" },
        { "POST", TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "nope" }, HttpStatusCode.NotFound, "UnknownAlias" },
        { "POST", TenantRoutes.Exchange("nope"), new { pkcs12 = Uploads.KeyPairPkcs12("pw"), password = "pw" }, HttpStatusCode.NotFound, "UnknownAlias" },
        { "POST", TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "partner-cert" }, HttpStatusCode.UnprocessableEntity, "NotAKeyPair" },
        { "POST", TenantRoutes.Exchange("partner-cert"), new { pkcs12 = Uploads.KeyPairPkcs12("pw"), password = "pw" }, HttpStatusCode.UnprocessableEntity, "NotAKeyPair" },
        { "POST", TenantRoutes.Exchange("tenant-signing"), new { pkcs12 = Uploads.KeyPairPkcs12("pw"), password = "nope" }, HttpStatusCode.UnprocessableEntity, "WrongPassword" },
        { "POST", TenantRoutes.Exchange("tenant-signing"), new { pkcs12 = "AAAA" }, HttpStatusCode.BadRequest, "MalformedPkcs12" },
        { "POST", TenantRoutes.Exchange("tenant-signing"), new { }, HttpStatusCode.BadRequest, "InvalidRequest" },
        { "PUT", TenantRoutes.Signer, new { alias = "partner-cert" }, HttpStatusCode.UnprocessableEntity, "NotAKeyPair" },
        { "PUT", TenantRoutes.Signer, new { alias = "nope" }, HttpStatusCode.NotFound, "UnknownAlias" },
        { "PUT", TenantRoutes.Signer, new { algorithm = "EcdsaSha256" }, HttpStatusCode.BadRequest, "InvalidRequest" },
        { "PUT", TenantRoutes.Signer, new { algorithm = "md5" }, HttpStatusCode.BadRequest, "InvalidRequest" },
        { "PUT", TenantRoutes.Signer, new { timestampTimeToLiveSeconds = 0 }, HttpStatusCode.BadRequest, "InvalidRequest" },
        { "PUT", TenantRoutes.Flow, new { processingLatencyMs = 0, failureShare = 2 }, HttpStatusCode.BadRequest, "InvalidRequest" },
        { "GET", TenantRoutes.HistoryEntry("nope"), new { }, HttpStatusCode.NotFound, "UnknownHistoryEntry" },
        { "DELETE", TenantRoutes.HistoryEntry("nope"), new { }, HttpStatusCode.NotFound, "UnknownHistoryEntry" },
        { "GET", TenantRoutes.MessagesWhere(limit: 0), new { }, HttpStatusCode.BadRequest, "InvalidRequest" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_operations_answer_clear_4xx_problem_json(string method, string path, object body, HttpStatusCode status, string code)
    {
        var before = _tenant.Host.State.Current.Generation;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT") request.Content = JsonContent.Create(body, options: TestTenant.Json);
        using var response = await _tenant.Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{method} {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Equal(before, _tenant.Host.State.Current.Generation);
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_too()
    {
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await _tenant.Admin.PostAsync(TenantRoutes.KeyPairs, content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keystore_lifecycle_create_import_download_csr_rename_delete()
    {
        var created = await _tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.KeyPairs,
            new { alias = "life", keyAlgorithm = "RSA", keySize = 3072, subject = "CN=life,O=Rotation,C=DE", validityDays = 10 });
        Assert.Equal(EntryKind.KeyPair, created.GetProperty("kind").Deserialize<EntryKind>(TestTenant.Json));
        Assert.Equal(3072, created.GetProperty("keySize").GetInt32());
        Assert.True(created.GetProperty("expiryWarning").GetBoolean());
        Assert.InRange(created.GetProperty("daysToExpiry").GetDouble(), 9.9, 10.1);
        var certificate = await _tenant.CertificateAsync("life");
        Assert.Equal(created.GetProperty("fingerprint").GetString(), CertificateInfo.Fingerprint(certificate));
        Assert.Equal(created.GetProperty("serialNumber").GetString(), CertificateInfo.SerialDecimal(certificate));
        Assert.False(certificate.HasPrivateKey);

        var csrPem = await _tenant.Admin.GetStringAsync(TenantRoutes.Csr("life"));
        var csr = CertificateRequest.LoadSigningRequestPem(csrPem, System.Security.Cryptography.HashAlgorithmName.SHA256);
        Assert.Equal(certificate.SubjectName.Name, csr.SubjectName.Name);
        Assert.Equal(certificate.PublicKey.EncodedKeyValue.RawData, csr.PublicKey.EncodedKeyValue.RawData);

        // Import the downloaded certificate as DER under another alias: a certificate entry, same fingerprint.
        var imported = await _tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Certificates, new { alias = "life-cert", certificate = Convert.ToBase64String(certificate.RawData) });
        Assert.Equal(EntryKind.Certificate, imported.GetProperty("kind").Deserialize<EntryKind>(TestTenant.Json));

        using var key = TestCertificates.CurrentlyValid("CN=imported", KeyAlgorithm.EcP384, days: 100);
        var pfx = Convert.ToBase64String(key.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, "secret"));
        var importedPair = await _tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.KeyPairImport, new { alias = "imported", pkcs12 = pfx, password = "secret" });
        Assert.Equal("EC", importedPair.GetProperty("keyAlgorithm").GetString());
        Assert.False(importedPair.GetProperty("expiryWarning").GetBoolean());

        // A PEM bundle with the private key first: only the certificate is taken, the entry holds no key.
        using var bundleKey = key.GetECDsaPrivateKey()!;
        var bundle = bundleKey.ExportPkcs8PrivateKeyPem() + "\n" + key.ExportCertificatePem();
        var fromBundle = await _tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Certificates, new { alias = "bundle-cert", certificate = bundle });
        Assert.Equal(EntryKind.Certificate, fromBundle.GetProperty("kind").Deserialize<EntryKind>(TestTenant.Json));
        Assert.Equal(CertificateInfo.Fingerprint(key), fromBundle.GetProperty("fingerprint").GetString());
        Assert.False(_tenant.Host.Keystore.Current.Find("bundle-cert")!.Certificate.HasPrivateKey);
        using (var deletedBundle = await _tenant.Admin.DeleteAsync(TenantRoutes.Entry("bundle-cert"))) Assert.Equal(HttpStatusCode.NoContent, deletedBundle.StatusCode);

        var renamed = await _tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Rename("life"), new { newAlias = "life-2" });
        Assert.Equal("life-2", renamed.GetProperty("alias").GetString());
        using var gone = await _tenant.Admin.GetAsync(TenantRoutes.Entry("life"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        foreach (var alias in new[] { "life-2", "life-cert", "imported" })
        {
            using var deleted = await _tenant.Admin.DeleteAsync(TenantRoutes.Entry(alias));
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        Assert.Equal(["partner-cert", "tenant-signing"], (await _tenant.GetJsonAsync(TenantRoutes.Entries)).EnumerateArray().Select(e => e.GetProperty("alias").GetString()!).ToArray());
    }

    private static string Fill(string pattern) => pattern
        .Replace("{alias}", "tenant-signing", StringComparison.Ordinal)
        .Replace("{id}", "some-id", StringComparison.Ordinal)
        .Replace("{fingerprint}", new string('a', 64), StringComparison.Ordinal);
}
