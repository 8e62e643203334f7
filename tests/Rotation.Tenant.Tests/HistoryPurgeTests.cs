using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>Retired key pairs stay in the key history for at least 90 days; the floor cannot be configured away.</summary>
public sealed class HistoryPurgeTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(90)]
    public async Task Purge_is_refused_before_90_days_and_allowed_after(int configuredRetentionDays)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var tenant = await TestTenant.StartAsync(
            o => o with { Keystore = new KeystoreOptions { HistoryRetention = TimeSpan.FromDays(configuredRetentionDays) } }, time);
        await tenant.CreateKeyPairAsync("next");
        var exchanged = await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
        var retired = exchanged.GetProperty("retired");
        var id = retired.GetProperty("id").GetString()!;
        Assert.Equal(time.GetUtcNow(), retired.GetProperty("retiredAt").GetDateTimeOffset());
        Assert.Equal(time.GetUtcNow().AddDays(90), retired.GetProperty("purgeableFrom").GetDateTimeOffset());

        await AssertRefused();
        time.Advance(TimeSpan.FromDays(89));
        await AssertRefused();
        time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        await AssertRefused();
        time.Advance(TimeSpan.FromSeconds(1));

        using var purged = await tenant.Admin.DeleteAsync(TenantRoutes.HistoryEntry(id));
        Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        Assert.Equal(0, (await tenant.GetJsonAsync(TenantRoutes.History)).GetArrayLength());
        using var again = await tenant.Admin.DeleteAsync(TenantRoutes.HistoryEntry(id));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        async Task AssertRefused()
        {
            using var response = await tenant.Admin.DeleteAsync(TenantRoutes.HistoryEntry(id));
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("PurgeTooEarly", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(1, (await tenant.GetJsonAsync(TenantRoutes.History)).GetArrayLength());
        }
    }

    [Fact]
    public async Task Signer_step_pinned_to_a_retired_key_signs_with_it_rollback_without_exchange()
    {
        await using var tenant = await TestTenant.StartAsync();
        var old = await tenant.CertificateAsync("tenant-signing");
        await tenant.CreateKeyPairAsync("next");
        var exchanged = await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
        var current = await tenant.CertificateAsync("tenant-signing");
        var retiredFingerprint = exchanged.GetProperty("retired").GetProperty("fingerprint").GetString()!;
        var id = exchanged.GetProperty("retired").GetProperty("id").GetString()!;

        var pinned = await tenant.SetSignerAsync(new { keyFingerprint = retiredFingerprint.ToUpperInvariant() });
        Assert.Equal(retiredFingerprint, pinned.GetProperty("fingerprint").GetString());
        var (_, body, _) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "rollback"));
        Assert.True(Soap.Verify(body, old).IsValid);
        Assert.False(Soap.Verify(body, current).IsValid);

        // A pinned key is in use: the history entry cannot go, even once purgeable.
        using var purge = await tenant.Admin.DeleteAsync(TenantRoutes.HistoryEntry(id));
        Assert.Equal(HttpStatusCode.Conflict, purge.StatusCode);
        Assert.Contains("KeyInUse", await purge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var unknown = await tenant.Admin.PutAsJsonAsync(TenantRoutes.Signer, new { keyFingerprint = new string('0', 64) });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var malformed = await tenant.Admin.PutAsJsonAsync(TenantRoutes.Signer, new { keyFingerprint = "abc" });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var unpinned = await tenant.SetSignerAsync(new { keyFingerprint = "" });
        Assert.Equal(JsonValueKind.Null, unpinned.GetProperty("keyFingerprint").ValueKind);
        (_, body, _) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap12, Soap.Envelope(SoapVersion.Soap12, "forward"));
        Assert.True(Soap.Verify(body, current).IsValid);
    }

    [Fact]
    public async Task History_certificates_are_downloadable_and_exchange_from_an_uploaded_pkcs12_retires_the_old_key()
    {
        await using var tenant = await TestTenant.StartAsync();
        var before = await tenant.CertificateAsync("tenant-signing");
        using var fresh = TestCertificates.CurrentlyValid("CN=uploaded", Rotation.Shared.Certificates.KeyAlgorithm.EcP256, days: 10);
        var pfx = fresh.ExportPkcs12(System.Security.Cryptography.X509Certificates.Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, "pw");
        var exchanged = await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { pkcs12 = Convert.ToBase64String(pfx), password = "pw" });
        Assert.Equal(Rotation.Shared.Certificates.CertificateInfo.Fingerprint(fresh), exchanged.GetProperty("entry").GetProperty("fingerprint").GetString());
        var id = exchanged.GetProperty("retired").GetProperty("id").GetString()!;
        var der = await tenant.Admin.GetByteArrayAsync(TenantRoutes.HistoryCertificate(id, "der"));
        Assert.Equal(before.RawData, der);
        var pem = await tenant.Admin.GetStringAsync(TenantRoutes.HistoryCertificate(id));
        Assert.Equal(before.RawData, System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem).RawData);

        var (_, body, _) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap12, Soap.Envelope(SoapVersion.Soap12, "after-upload"));
        Assert.True(Soap.Verify(body, fresh).IsValid);
    }
}
