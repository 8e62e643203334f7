using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>KeystoreEntries, Keystores and their sub-resources against CPI-API.md's shapes.</summary>
public sealed class CpiKeystoreEntriesTests
{
    private static async Task ImportCertificateAsync(TestTenant tenant, string alias)
    {
        using var certificate = TestCertificates.CurrentlyValid($"CN={alias},O=Partner", KeyAlgorithm.EcP256, days: 100);
        await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Certificates, new { alias, certificate = certificate.ExportCertificatePem() });
    }

    [Fact]
    public async Task The_list_has_the_platforms_entry_shape()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        var (status, body, _) = await client.GetAsync("/api/v1/KeystoreEntries?keystoreName=system&$format=json");
        Assert.Equal(HttpStatusCode.OK, status);
        JsonShape.AssertMatches(CpiFixtures.Many(CpiFixtures.KeystoreEntry("Key Pair")), body);
        var entry = JsonDocument.Parse(body).RootElement.GetProperty("d").GetProperty("results")[0];
        Assert.Equal("tenant-signing", entry.GetProperty("Alias").GetString());
        Assert.Equal(CpiClient.Hex("tenant-signing"), entry.GetProperty("Hexalias").GetString());
        Assert.Equal("RSA", entry.GetProperty("KeyType").GetString());
        Assert.Equal(2048, entry.GetProperty("KeySize").GetInt32());
        Assert.Equal("system", entry.GetProperty("CreatedBy").GetString());
        Assert.Equal(tenant.Host.Keystore.Current.Find("tenant-signing")!.Fingerprint, entry.GetProperty("FingerprintSha256").GetString());

        // The platform's keystore of renewed SAP keys exists and is empty here; an unknown keystore is an error.
        JsonShape.AssertMatches(CpiFixtures.Empty, (await client.GetAsync("/api/v1/KeystoreEntries?keystoreName=KeyRenewal")).Body);
        CpiFixtures.AssertError(HttpStatusCode.NotFound, await client.GetAsync("/api/v1/KeystoreEntries?keystoreName=nonsense"));
    }

    [Fact]
    public async Task Select_and_filter_as_in_SAPs_examples()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        await ImportCertificateAsync(tenant, "partner");

        var certificates = await client.GetAsync("/api/v1/KeystoreEntries?$filter=Type eq 'Certificate'&$select=Alias,Type");
        Assert.Equal(HttpStatusCode.OK, certificates.Status);
        JsonShape.AssertMatches("""{"d":{"results":[{"__metadata":"<any>","Alias":"partner","Type":"Certificate"}]}}""", certificates.Body);

        var both = await client.GetJsonAsync("/api/v1/KeystoreEntries?$filter=Owner eq 'Tenant' and KeyType eq 'RSA'&$select=Alias");
        Assert.Equal(["tenant-signing"], both.GetProperty("d").GetProperty("results").EnumerateArray().Select(e => e.GetProperty("Alias").GetString()));

        foreach (var refused in new[] { "$select=Nonsense", "$filter=Nonsense eq 'x'", "$filter=Alias ne 'x'", "$top=1", "$format=xml" })
        {
            var answer = await client.GetAsync($"/api/v1/KeystoreEntries?{refused}");
            Assert.True(answer.Status == HttpStatusCode.BadRequest, $"{refused}: {(int)answer.Status}");
            JsonShape.AssertMatches(CpiFixtures.Error, answer.Body);
        }
    }

    [Fact]
    public async Task One_entry_by_hexalias_its_certificate_and_its_chain()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        var hex = CpiClient.Hex("tenant-signing");

        var one = await client.GetAsync($"/api/v1/KeystoreEntries('{hex}')");
        Assert.Equal(HttpStatusCode.OK, one.Status);
        JsonShape.AssertMatches(CpiFixtures.One(CpiFixtures.KeystoreEntry("Key Pair")), one.Body);

        var (status, pem, response) = await client.GetAsync($"/api/v1/KeystoreEntries('{hex}')/Certificate/$value");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/pkix-cert", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("PRIVATE KEY", pem, StringComparison.Ordinal);
        var certificate = X509Certificate2.CreateFromPem(pem);
        Assert.Equal((await tenant.CertificateAsync("tenant-signing")).RawData, certificate.RawData);

        var chain = await client.GetAsync($"/api/v1/KeystoreEntries('{hex}')/ChainCertificates");
        JsonShape.AssertMatches(CpiFixtures.Many(CpiFixtures.ChainCertificate), chain.Body);
    }

    [Fact]
    public async Task Bad_hexaliases_and_unknown_aliases_are_OData_errors()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        foreach (var (key, expected) in new[]
                 {
                     ("ZZ", HttpStatusCode.BadRequest),                    // not hex
                     (CpiClient.Hex("a/b"), HttpStatusCode.BadRequest),     // a slash, hex-encoded
                     ("C3", HttpStatusCode.BadRequest),                    // not UTF-8
                     (CpiClient.Hex("nobody"), HttpStatusCode.NotFound),
                 })
        {
            var answer = await client.GetAsync($"/api/v1/KeystoreEntries('{key}')");
            Assert.True(answer.Status == expected, $"{key}: {(int)answer.Status} {answer.Body}");
            JsonShape.AssertMatches(CpiFixtures.Error, answer.Body);
        }
        CpiFixtures.AssertError(HttpStatusCode.NotFound, await client.GetAsync("/api/v1/Nonsense"));
    }

    [Fact]
    public async Task Signing_request_is_a_CSR_for_the_key_pair_and_refused_for_a_certificate()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        await ImportCertificateAsync(tenant, "partner");

        var (status, pem, response) = await client.GetAsync($"/api/v1/KeystoreEntries('{CpiClient.Hex("tenant-signing")}')/SigningRequest/$value");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/pkcs10", response.Content.Headers.ContentType!.MediaType);
        var csr = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256);
        var certificate = await tenant.CertificateAsync("tenant-signing");
        Assert.Equal(certificate.PublicKey.EncodedKeyValue.RawData, csr.PublicKey.EncodedKeyValue.RawData);

        CpiFixtures.AssertError(HttpStatusCode.UnprocessableEntity, await client.GetAsync($"/api/v1/KeystoreEntries('{CpiClient.Hex("partner")}')/SigningRequest/$value"));
    }

    [Fact]
    public async Task Keystore_size_and_entries_deferred_or_expanded()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        await ImportCertificateAsync(tenant, "partner");

        var (status, size, _) = await client.GetAsync("/api/v1/Keystores('system')/Size/$value");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2", size);

        JsonShape.AssertMatches(CpiFixtures.Keystore(CpiFixtures.Deferred), (await client.GetAsync("/api/v1/Keystores('system')")).Body);
        var expanded = await client.GetAsync("/api/v1/Keystores('system')?$expand=Entries");
        JsonShape.AssertMatches(CpiFixtures.Keystore("""{"results":[""" + CpiFixtures.KeystoreEntry() + "]}"), expanded.Body);
        var d = JsonDocument.Parse(expanded.Body).RootElement.GetProperty("d");
        Assert.Equal(2, d.GetProperty("Size").GetInt32());
        Assert.Equal("admin", d.GetProperty("LastModifiedBy").GetString());
        Assert.Equal(2, d.GetProperty("Entries").GetProperty("results").GetArrayLength());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/Keystores('nonsense')")).Status);
    }

    [Fact]
    public async Task Delete_and_rename_work_on_the_tenant_keystore_and_refuse_reserved_and_taken_aliases()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        await ImportCertificateAsync(tenant, "partner");
        var path = $"/api/v1/KeystoreEntries('{CpiClient.Hex("partner")}')";

        foreach (var (alias, expected) in new[] { ("sap_mine", HttpStatusCode.BadRequest), ("hcicertificate1", HttpStatusCode.BadRequest), ("tenant-signing", HttpStatusCode.Conflict) })
        {
            var refused = await client.SendAsync(HttpMethod.Put, $"{path}?renameAlias={Uri.EscapeDataString(alias)}", CpiClient.Json("""{"Alias":null}"""));
            Assert.True(refused.Status == expected, $"{alias}: {(int)refused.Status} {refused.Body}");
            JsonShape.AssertMatches(CpiFixtures.Error, refused.Body);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(HttpMethod.Put, path, CpiClient.Json("{}"))).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Put, $"{path}?renameAlias=partner-2024", CpiClient.Json("""{"Alias":null}"""))).Status);
        Assert.Null(tenant.Host.Keystore.Current.Find("partner"));
        Assert.NotNull(tenant.Host.Keystore.Current.Find("partner-2024"));

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, $"/api/v1/KeystoreEntries('{CpiClient.Hex("partner-2024")}')")).Status);
        Assert.Null(tenant.Host.Keystore.Current.Find("partner-2024"));
        CpiFixtures.AssertError(HttpStatusCode.NotFound, await client.SendAsync(HttpMethod.Delete, $"/api/v1/KeystoreEntries('{CpiClient.Hex("partner-2024")}')"));
    }
}
