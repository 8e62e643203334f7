using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>KeyPairGenerationRequests, KeyPairResources, CertificateResources and the key history they feed.</summary>
public sealed class CpiUploadTests
{
    private static X509Certificate2 NewKeyPair(string subject) => TestCertificates.CurrentlyValid(subject, KeyAlgorithm.EcP256, days: 365);

    private static StringContent KeyPairResource(string alias, X509Certificate2 keyPair) => CpiClient.Json(JsonSerializer.Serialize(new
    {
        Hexalias = "ignored",
        Alias = alias,
        Password = "pw",
        Resource = Convert.ToBase64String(keyPair.Export(X509ContentType.Pkcs12, "pw")),
    }));

    [Fact]
    public async Task A_key_pair_generation_request_creates_a_key_pair_on_the_tenant()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        var (status, body, response) = await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairGenerationRequests", CpiClient.Json("""
            {"Hexalias":"anything","Alias":"signing-2025","CommonName":"Orders Signing","Country":"DE","Organization":"Example AG",
             "KeyType":"EC","KeySize":"256","SignatureAlgorithm":"SHA-256/ECDSA"}
            """));
        Assert.True(status == HttpStatusCode.Created, body);
        JsonShape.AssertMatches("""
            {"d":{"Hexalias":"<hex>","Alias":"signing-2025","CommonName":"Orders Signing","Country":"DE","OrganizationUnit":null,"Organization":"Example AG",
                  "Locality":null,"State":null,"Email":null,"KeyType":"EC","KeySize":256,"SignatureAlgorithm":"SHA-256/ECDSA","ValidNotBefore":"<date>","ValidNotAfter":"<date>"}}
            """, body);
        Assert.Equal(CpiClient.Hex("signing-2025"), JsonDocument.Parse(body).RootElement.GetProperty("d").GetProperty("Hexalias").GetString());
        Assert.EndsWith($"/api/v1/KeystoreEntries('{CpiClient.Hex("signing-2025")}')", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        var entry = (await client.GetJsonAsync(response.Headers.Location!.PathAndQuery)).GetProperty("d");
        Assert.Equal("Key Pair", entry.GetProperty("Type").GetString());
        Assert.Equal("EC", entry.GetProperty("KeyType").GetString());
        Assert.Equal("secp256r1", entry.GetProperty("EllipticCurve").GetString());
        Assert.Equal("SHA-256/ECDSA", entry.GetProperty("SignatureAlgorithm").GetString());
        Assert.Contains("CN=Orders Signing", entry.GetProperty("SubjectDN").GetString(), StringComparison.Ordinal);
        Assert.Contains("C=DE", entry.GetProperty("SubjectDN").GetString(), StringComparison.Ordinal);
        Assert.Equal($"cpi:{CpiClient.ClientId}", entry.GetProperty("CreatedBy").GetString());
    }

    [Fact]
    public async Task A_key_pair_generation_request_defaults_to_the_platforms_RSA_4096_SHA_512_three_years()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        var (status, body, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairGenerationRequests",
            CpiClient.Json("""{"Hexalias":"x","Alias":"defaults","CommonName":"Defaults","Country":"FR"}"""));
        Assert.True(status == HttpStatusCode.Created, body);
        var answer = JsonDocument.Parse(body).RootElement.GetProperty("d");
        Assert.Equal(4096, answer.GetProperty("KeySize").GetInt32());
        Assert.Equal("SHA-512/RSA", answer.GetProperty("SignatureAlgorithm").GetString());
        var entry = (await client.GetJsonAsync($"/api/v1/KeystoreEntries('{CpiClient.Hex("defaults")}')")).GetProperty("d");
        Assert.Equal(4096, entry.GetProperty("KeySize").GetInt32());
        Assert.Equal("SHA-512/RSA", entry.GetProperty("SignatureAlgorithm").GetString());
        var notAfter = tenant.Host.Keystore.Current.Find("defaults")!.PublicCertificate.NotAfter.ToUniversalTime();
        Assert.InRange((notAfter - DateTime.UtcNow).TotalDays, 3 * 365 - 2, 3 * 366 + 1);
    }

    [Fact]
    public async Task A_key_pair_generation_request_with_bad_fields_is_refused_and_changes_nothing()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        var generation = tenant.Host.State.Current.Generation;
        foreach (var body in new[]
                 {
                     """{"Hexalias":"x","Alias":"a1","CommonName":"A"}""",                                        // no Country
                     """{"Hexalias":"x","Alias":"a2","CommonName":"A","Country":"DEU"}""",                        // not two letters
                     """{"Hexalias":"x","Alias":"sap_a3","CommonName":"A","Country":"DE","KeyType":"EC"}""",       // reserved alias
                     """{"Hexalias":"x","Alias":"a4","CommonName":"A","Country":"DE","KeyType":"EC","SignatureAlgorithm":"SHA-512/RSA"}""",
                     """{"Hexalias":"x","Alias":"a5","CommonName":"A","Country":"DE","KeyType":"RSA","KeySize":1024}""",
                     """{"Hexalias":"x","Alias":"a6","CommonName":"A","Country":"DE","KeyType":"EC","ValidNotAfter":"/Date(0)/"}""",
                     """{"Hexalias":"x","Alias":"tenant-signing","CommonName":"A","Country":"DE","KeyType":"EC"}""",  // taken
                     """not json""",
                 })
        {
            var (status, answer, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairGenerationRequests", CpiClient.Json(body));
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{body}: {(int)status} {answer}");
            JsonShape.AssertMatches(CpiFixtures.Error, answer);
        }
        Assert.Equal(generation, tenant.Host.State.Current.Generation);
    }

    [Fact]
    public async Task Key_pair_resources_import_and_replace_keeping_the_alias_and_the_replaced_key_goes_to_the_history()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        var old = tenant.Host.Keystore.Current.Find("tenant-signing")!.Fingerprint;

        using var imported = NewKeyPair("CN=Imported");
        var created = await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairResources?update=false", KeyPairResource("imported", imported));
        Assert.True(created.Status == HttpStatusCode.Created, created.Body);
        JsonShape.AssertMatches("""{"d":{"Hexalias":"<hex>","Alias":"imported"}}""", created.Body);
        Assert.DoesNotContain("Resource", created.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairResources?update=false", KeyPairResource("imported", imported))).Status);

        using var replacement = NewKeyPair("CN=Replacement");
        var replaced = await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairResources?update=true", KeyPairResource("tenant-signing", replacement));
        Assert.True(replaced.Status == HttpStatusCode.Created, replaced.Body);

        // The flow signs with the new key pair at once.
        var (status, envelope, response) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "after-upload"));
        Assert.Equal(200, status);
        Assert.True(Soap.Verify(envelope, X509CertificateLoader.LoadCertificate(replacement.RawData)).IsValid);

        var history = await client.GetAsync("/api/v1/HistoryKeystoreEntries");
        JsonShape.AssertMatches(CpiFixtures.Many(CpiFixtures.HistoryEntry), history.Body);
        var retired = JsonDocument.Parse(history.Body).RootElement.GetProperty("d").GetProperty("results")[0];
        Assert.Equal("tenant-signing", retired.GetProperty("OriginalAlias").GetString());
        Assert.Equal(old, retired.GetProperty("FingerprintSha256").GetString());
        Assert.Equal($"cpi:{CpiClient.ClientId}", retired.GetProperty("DeactivatedBy").GetString());
        Assert.Equal(1, retired.GetProperty("ActivationSequenceNumber").GetInt32());

        var hex = retired.GetProperty("Hexalias").GetString()!;
        JsonShape.AssertMatches(CpiFixtures.One(CpiFixtures.HistoryEntry), (await client.GetAsync($"/api/v1/HistoryKeystoreEntries('{hex}')")).Body);
        var (pemStatus, pem, _) = await client.GetAsync($"/api/v1/KeystoreEntries('{hex}')/Certificate/$value?keystoreName=KeyHistory");
        Assert.Equal(HttpStatusCode.OK, pemStatus);
        Assert.Equal(old, Rotation.Shared.Certificates.CertificateInfo.Fingerprint(X509Certificate2.CreateFromPem(pem)));
    }

    [Fact]
    public async Task Key_pair_uploads_above_30720_bytes_are_refused_and_bad_ones_change_nothing()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        var generation = tenant.Host.State.Current.Generation;
        string Body(int bytes) => JsonSerializer.Serialize(new { Hexalias = "x", Alias = "big", Password = "pw", Resource = Convert.ToBase64String(new byte[bytes]) });

        CpiFixtures.AssertError(HttpStatusCode.RequestEntityTooLarge, await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairResources?update=false", CpiClient.Json(Body(30_721))));
        // At the limit the size passes and the content is judged: zeros are no PKCS#12.
        var atLimit = await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairResources?update=false", CpiClient.Json(Body(30_720)));
        Assert.Equal(HttpStatusCode.BadRequest, atLimit.Status);
        Assert.Equal("MalformedPkcs12", JsonDocument.Parse(atLimit.Body).RootElement.GetProperty("error").GetProperty("code").GetString());

        using var keyPair = NewKeyPair("CN=X");
        var wrongPassword = await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairResources?update=false", CpiClient.Json(JsonSerializer.Serialize(new
        {
            Hexalias = "x", Alias = "x", Password = "wrong", Resource = Convert.ToBase64String(keyPair.Export(X509ContentType.Pkcs12, "pw")),
        })));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongPassword.Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairResources?update=maybe", KeyPairResource("y", keyPair))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairResources?update=true", KeyPairResource("nobody", keyPair))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairResources", KeyPairResource("sap_key", keyPair))).Status);
        Assert.Equal(generation, tenant.Host.State.Current.Generation);
    }

    [Fact]
    public async Task Certificate_resources_import_and_replace_a_certificate()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        using var first = NewKeyPair("CN=Partner 1");
        using var second = NewKeyPair("CN=Partner 2");
        var path = $"/api/v1/CertificateResources('{CpiClient.Hex("partner")}')/$value";
        StringContent Pem(X509Certificate2 c) => new(c.ExportCertificatePem(), Encoding.ASCII, "application/x-pem-file");

        var imported = await client.SendAsync(HttpMethod.Put, $"{path}?update=false", Pem(first));
        Assert.True(imported.Status == HttpStatusCode.Created, imported.Body);
        JsonShape.AssertMatches(CpiFixtures.One(CpiFixtures.KeystoreEntry("Certificate")), imported.Body);
        Assert.False(tenant.Host.Keystore.Current.Find("partner")!.PublicCertificate.HasPrivateKey);
        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(HttpMethod.Put, $"{path}?update=false", Pem(second))).Status);

        var replaced = await client.SendAsync(HttpMethod.Put, $"{path}?update=true", Pem(second));
        Assert.True(replaced.Status == HttpStatusCode.Created, replaced.Body);
        Assert.Equal(Rotation.Shared.Certificates.CertificateInfo.Fingerprint(second), tenant.Host.Keystore.Current.Find("partner")!.Fingerprint);

        // A key pair is not replaced by a certificate; a body above the limit is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(HttpMethod.Put, $"/api/v1/CertificateResources('{CpiClient.Hex("tenant-signing")}')/$value?update=true", Pem(second))).Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(HttpMethod.Put, $"{path}?update=true", new ByteArrayContent(new byte[30_721]))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(HttpMethod.Put, $"{path}?update=true", new StringContent("not a certificate"))).Status);
    }
}
