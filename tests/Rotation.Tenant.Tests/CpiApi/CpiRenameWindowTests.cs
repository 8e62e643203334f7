using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>
/// The platform's exchange of a key pair created on the tenant: two renames, and between them the alias does not
/// exist, so the flow cannot sign (docs/DESIGN.md §9). The admin API's guard (409 AliasInUse) is not applied here.
/// </summary>
public sealed class CpiRenameWindowTests
{
    [Fact]
    public async Task Between_the_two_renames_the_flow_cannot_sign_and_after_the_second_it_signs_with_the_new_key()
    {
        await using var cpi = await CpiTenant.StartAsync();
        var (tenant, client) = cpi;
        var alias = tenant.Host.State.Current.SignerStep.Alias;

        var created = await client.SendAsync(HttpMethod.Post, "/api/v1/KeyPairGenerationRequests",
            CpiClient.Json("""{"Hexalias":"x","Alias":"signing-new","CommonName":"Signing New","Country":"DE","KeyType":"EC","KeySize":256}"""));
        Assert.True(created.Status == HttpStatusCode.Created, created.Body);
        var newCertificate = X509Certificate2.CreateFromPem((await client.GetAsync($"/api/v1/KeystoreEntries('{CpiClient.Hex("signing-new")}')/Certificate/$value")).Body);
        var oldCertificate = await tenant.CertificateAsync(alias);

        var (status, envelope, _) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "before"));
        Assert.Equal(200, status);
        Assert.True(Soap.Verify(envelope, oldCertificate).IsValid);

        // First rename: the old entry goes away from the alias. The admin API would refuse this (AliasInUse); the platform does not.
        var away = await client.SendAsync(HttpMethod.Put, $"/api/v1/KeystoreEntries('{CpiClient.Hex(alias)}')?renameAlias={alias}-old", CpiClient.Json("""{"Alias":null}"""));
        Assert.True(away.Status == HttpStatusCode.NoContent, away.Body);

        (status, envelope, var response) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "in-the-window"));
        Assert.NotEqual(200, status);
        var fault = System.Net.WebUtility.HtmlDecode(Encoding.UTF8.GetString(envelope));
        Assert.Contains($"no key pair under alias '{alias}'", fault, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Signing-Fingerprint"));
        Assert.False(Soap.Verify(envelope, oldCertificate, newCertificate).IsValid);

        // Second rename: the new key pair takes the alias.
        var into = await client.SendAsync(HttpMethod.Put, $"/api/v1/KeystoreEntries('{CpiClient.Hex("signing-new")}')?renameAlias={alias}", CpiClient.Json("""{"Alias":null}"""));
        Assert.True(into.Status == HttpStatusCode.NoContent, into.Body);

        (status, envelope, _) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "after"));
        Assert.Equal(200, status);
        Assert.True(Soap.Verify(envelope, newCertificate).IsValid);
        Assert.False(Soap.Verify(envelope, oldCertificate).IsValid);
    }

    [Fact]
    public async Task The_admin_API_still_refuses_to_rename_the_signer_steps_alias()
    {
        await using var tenant = await TestTenant.StartAsync(o => o with { CpiClients = CpiClient.Clients });
        using var refused = await tenant.Admin.PostAsync(TenantRoutes.Rename("tenant-signing"),
            new StringContent("""{"newAlias":"elsewhere"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.NotNull(tenant.Host.Keystore.Current.Find("tenant-signing"));
    }
}
