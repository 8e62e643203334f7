using System.Text.Json;
using Rotation.Shared.Tests.Support;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Contracts;

/// <summary>
/// TenantRoutes is where the typed client, the drill and the tests get every admin path (docs/DESIGN.md §7b): it must
/// build exactly what the live tenant serves, in both directions, with the methods its consumers call.
/// </summary>
public sealed class TenantRoutesAgreeTests
{
    /// <summary>Each TenantRoutes member with the methods the typed client, the drill and the tests call it with.</summary>
    private static readonly Dictionary<string, HttpMethod[]> MethodsByMember = new()
    {
        [nameof(TenantRoutes.Entries)] = [HttpMethod.Get],
        [nameof(TenantRoutes.KeyPairs)] = [HttpMethod.Post],
        [nameof(TenantRoutes.KeyPairImport)] = [HttpMethod.Post],
        [nameof(TenantRoutes.Certificates)] = [HttpMethod.Post],
        [nameof(TenantRoutes.History)] = [HttpMethod.Get],
        [nameof(TenantRoutes.Backup)] = [HttpMethod.Get, HttpMethod.Post],
        [nameof(TenantRoutes.BackupRestore)] = [HttpMethod.Post],
        [nameof(TenantRoutes.Signer)] = [HttpMethod.Get, HttpMethod.Put],
        [nameof(TenantRoutes.Flow)] = [HttpMethod.Get, HttpMethod.Put],
        [nameof(TenantRoutes.Inbound)] = [HttpMethod.Get, HttpMethod.Put],
        [nameof(TenantRoutes.Messages)] = [HttpMethod.Get],
        [nameof(TenantRoutes.MessageCounts)] = [HttpMethod.Get],
        [nameof(TenantRoutes.InFlight)] = [HttpMethod.Get],
        [nameof(TenantRoutes.VerifiedInFlight)] = [HttpMethod.Get],
        [nameof(TenantRoutes.Cluster)] = [HttpMethod.Get],
        [nameof(TenantRoutes.Audit)] = [HttpMethod.Get],
        [nameof(TenantRoutes.Entry)] = [HttpMethod.Get, HttpMethod.Delete],
        [nameof(TenantRoutes.Certificate)] = [HttpMethod.Get],
        [nameof(TenantRoutes.Csr)] = [HttpMethod.Get],
        [nameof(TenantRoutes.Chain)] = [HttpMethod.Get, HttpMethod.Put],
        [nameof(TenantRoutes.Rename)] = [HttpMethod.Post],
        [nameof(TenantRoutes.Exchange)] = [HttpMethod.Post],
        [nameof(TenantRoutes.HistoryOf)] = [HttpMethod.Get],
        [nameof(TenantRoutes.HistoryEntry)] = [HttpMethod.Get, HttpMethod.Delete],
        [nameof(TenantRoutes.HistoryCertificate)] = [HttpMethod.Get],
        [nameof(TenantRoutes.WaitUntilDrained)] = [HttpMethod.Post],
        [nameof(TenantRoutes.WaitUntilVerifiedDrained)] = [HttpMethod.Post],
        [nameof(TenantRoutes.MessagesWhere)] = [HttpMethod.Get],
        [nameof(TenantRoutes.MessageCountsWhere)] = [HttpMethod.Get],
        [nameof(TenantRoutes.CountsSignedWith)] = [HttpMethod.Get],
        [nameof(TenantRoutes.AuditLast)] = [HttpMethod.Get],
    };

    [Fact]
    public async Task Every_admin_operation_the_tenant_serves_is_built_by_TenantRoutes_and_every_route_is_served()
    {
        await using var tenant = await TestTenant.StartAsync();
        var openApi = JsonDocument.Parse(await tenant.Anonymous.GetStringAsync("openapi/v1.json")).RootElement;

        RouteAgreement.AssertAgree(typeof(TenantRoutes), MethodsByMember, openApi);
    }

    [Fact]
    public void Every_TenantRoutes_function_escapes_its_arguments() => RouteAgreement.AssertEscapes(typeof(TenantRoutes));
}
