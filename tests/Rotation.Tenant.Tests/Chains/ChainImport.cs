using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Chains;

/// <summary>The CA side of a chain import: the tenant's CSR signed by a test CA, and the admin API call that imports the answer.</summary>
internal static class ChainImport
{
    public static TestCertificateAuthority NewCa(string subject = "CN=Tenant Test CA,O=Rotation") =>
        TestCertificateAuthority.Create(subject, DateTimeOffset.UtcNow.AddDays(-1), TimeSpan.FromDays(365));

    /// <summary>The CA's signing response (issued certificate, then the CA's) for the CSR of <paramref name="alias"/>.</summary>
    public static async Task<string> SignedChainAsync(TestTenant tenant, string alias, TestCertificateAuthority ca)
    {
        var csr = await tenant.Admin.GetStringAsync(TenantRoutes.Csr(alias));
        using var issued = ca.Sign(csr, DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromDays(90));
        return ca.ChainPem(issued);
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(TestTenant tenant, string alias, string chain)
    {
        using var response = await tenant.Admin.PutAsJsonAsync(TenantRoutes.Chain(alias), new { chain });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
