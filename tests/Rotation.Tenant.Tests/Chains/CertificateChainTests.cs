using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rotation.Shared.Certificates;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Tests.CpiApi;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Chains;

/// <summary>docs/DESIGN.md §12: a CA's signing response imported onto a key pair, kept with it, and sent as a PKIPath token.</summary>
public sealed class CertificateChainTests
{
    [Fact]
    public async Task A_matching_chain_replaces_the_certificate_keeps_the_key_and_is_sent_as_a_PKIPath_token_when_configured()
    {
        await using var tenant = await TestTenant.StartAsync();
        using var ca = ChainImport.NewCa();
        var selfSigned = await tenant.CertificateAsync("tenant-signing");

        var (status, entry) = await ChainImport.ImportAsync(tenant, "tenant-signing", await ChainImport.SignedChainAsync(tenant, "tenant-signing", ca));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ca.Certificate.Subject, entry.GetProperty("issuer").GetString());
        Assert.Equal([ca.Certificate.Subject], entry.GetProperty("chain").EnumerateArray().Select(e => e.GetString()));
        var issued = await tenant.CertificateAsync("tenant-signing");
        Assert.Equal(selfSigned.PublicKey.ExportSubjectPublicKeyInfo(), issued.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.NotEqual(CertificateInfo.Fingerprint(selfSigned), CertificateInfo.Fingerprint(issued));
        // The import changed the certificate, not the key pair: nothing went to the key history.
        Assert.Empty((await tenant.GetJsonAsync(TenantRoutes.History)).EnumerateArray());
        var chainPem = await tenant.Admin.GetStringAsync(TenantRoutes.Chain("tenant-signing"));
        Assert.Equal(2, Regex.Count(chainPem, "BEGIN CERTIFICATE"));

        // By default the certificate alone travels; a receiver that trusts the CA accepts it.
        var leafOnly = await SignedResponseAsync(tenant);
        Assert.Contains($"ValueType=\"{WsNamespaces.X509v3}\"", Encoding.UTF8.GetString(leafOnly));
        Assert.True(TrustingCa(ca).Verify(leafOnly).IsValid);

        var set = await tenant.SetSignerAsync(new { tokenFormat = "PkiPath" });
        Assert.Equal(TokenFormat.PkiPath, set.GetProperty("tokenFormat").Deserialize<TokenFormat>(TestTenant.Json));
        var path = await SignedResponseAsync(tenant);
        var token = TokenOf(path);
        Assert.Equal([ca.Certificate.RawData, issued.RawData], PkiPath.TryDecode(token));
        var result = TrustingCa(ca).Verify(path);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(CertificateInfo.Fingerprint(issued), result.Fingerprint);
    }

    [Fact]
    public async Task A_chain_for_another_key_pair_is_refused_and_changes_nothing()
    {
        await using var tenant = await TestTenant.StartAsync();
        using var ca = ChainImport.NewCa();
        await tenant.CreateKeyPairAsync("other", "RSA", 2048);
        var before = await tenant.CertificateAsync("tenant-signing");

        var (status, problem) = await ChainImport.ImportAsync(tenant, "tenant-signing", await ChainImport.SignedChainAsync(tenant, "other", ca));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("ChainDoesNotMatch", problem.GetProperty("code").GetString());
        Assert.Contains("public keys differ", problem.GetProperty("detail").GetString());
        Assert.Equal(before.RawData, (await tenant.CertificateAsync("tenant-signing")).RawData);
    }

    [Fact]
    public async Task A_signing_response_that_is_no_certificate_is_refused_as_malformed()
    {
        await using var tenant = await TestTenant.StartAsync();

        var (status, problem) = await ChainImport.ImportAsync(tenant, "tenant-signing", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("MalformedCertificate", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_PKCS7_signing_response_is_read_too()
    {
        await using var tenant = await TestTenant.StartAsync();
        using var ca = ChainImport.NewCa();
        var csr = await tenant.Admin.GetStringAsync(TenantRoutes.Csr("tenant-signing"));
        using var issued = ca.Sign(csr, DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromDays(90));
        var pkcs7 = new X509Certificate2Collection { ca.PublicCertificate, X509CertificateLoader.LoadCertificate(issued.RawData) }.Export(X509ContentType.Pkcs7)!;

        var (status, entry) = await ChainImport.ImportAsync(tenant, "tenant-signing", Convert.ToBase64String(pkcs7));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(CertificateInfo.Fingerprint(issued), entry.GetProperty("fingerprint").GetString());
        Assert.Equal([ca.Certificate.Subject], entry.GetProperty("chain").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_chain_survives_a_restart_of_the_data_directory_store()
    {
        var dir = TestTenant.NewDataDir();
        using var ca = ChainImport.NewCa();
        try
        {
            await using (var first = await TestTenant.StartAsync(dataDir: dir))
            {
                await ChainImport.ImportAsync(first, "tenant-signing", await ChainImport.SignedChainAsync(first, "tenant-signing", ca));
                await first.SetSignerAsync(new { tokenFormat = "PkiPath" });
            }
            await using var second = await TestTenant.StartAsync(dataDir: dir);
            await AssertChainKeptAsync(second, ca);
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }

    [Fact]
    public async Task The_platform_API_imports_a_signing_response_through_CertificateChainResources()
    {
        var (tenant, client) = await CpiTenant.StartAsync();
        await using var _ = tenant;
        using var ca = ChainImport.NewCa();
        var chain = await ChainImport.SignedChainAsync(tenant, "tenant-signing", ca);

        var (status, body, response) = await client.SendAsync(HttpMethod.Put, $"/api/v1/CertificateChainResources('{CpiClient.Hex("tenant-signing")}')/$value",
            new StringContent(chain, Encoding.ASCII, "application/x-pem-file"));
        response.Dispose();

        Assert.True(status == HttpStatusCode.Created, body);
        Assert.Contains(ca.Certificate.Subject.Replace(", ", ",", StringComparison.Ordinal).Split(',')[0], body);
        var listed = await client.GetJsonAsync($"/api/v1/KeystoreEntries('{CpiClient.Hex("tenant-signing")}')/ChainCertificates");
        Assert.Equal(2, listed.GetProperty("d").GetProperty("results").GetArrayLength());
    }

    /// <summary>The CA certificate is kept with the entry and still travels in the PKIPath token.</summary>
    internal static async Task AssertChainKeptAsync(TestTenant tenant, TestCertificateAuthority ca)
    {
        var entry = await tenant.GetJsonAsync(TenantRoutes.Entry("tenant-signing"));
        Assert.Equal([ca.Certificate.Subject], entry.GetProperty("chain").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(TokenFormat.PkiPath, (await tenant.GetJsonAsync(TenantRoutes.Signer)).GetProperty("tokenFormat").Deserialize<TokenFormat>(TestTenant.Json));
        var response = await SignedResponseAsync(tenant);
        Assert.Equal(ca.Certificate.RawData, PkiPath.TryDecode(TokenOf(response))![0]);
        Assert.True(TrustingCa(ca).Verify(response).IsValid);
    }

    internal static async Task<byte[]> SignedResponseAsync(TestTenant tenant)
    {
        var (status, body, response) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "chain"));
        response.Dispose();
        Assert.Equal(200, status);
        return body;
    }

    private static byte[] TokenOf(byte[] response) =>
        Convert.FromBase64String(Regex.Match(Encoding.UTF8.GetString(response), "<wsse:BinarySecurityToken[^>]*>([^<]+)<").Groups[1].Value);

    private static SignatureVerifier TrustingCa(TestCertificateAuthority ca) =>
        new(new TrustSet([], new CertificateAuthorities([ca.PublicCertificate])), VerificationPolicy.Default, TimeProvider.System);
}
