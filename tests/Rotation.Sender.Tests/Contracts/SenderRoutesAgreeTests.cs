using System.Text.Json;
using Rotation.Sender.Contracts;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Shared.Tests.Support;

namespace Rotation.Sender.Tests.Contracts;

/// <summary>
/// SenderRoutes is where the typed client, the drill and the tests get every admin path (docs/DESIGN.md §7b): it must
/// build exactly what the live sender serves, in both directions, with the methods its consumers call.
/// </summary>
[Collection(SenderCollection.Name)]
public sealed class SenderRoutesAgreeTests(TestKeys keys) : IDisposable
{
    /// <summary>Each SenderRoutes member with the methods the typed client, the drill and the tests call it with.</summary>
    private static readonly Dictionary<string, HttpMethod[]> MethodsByMember = new()
    {
        [nameof(SenderRoutes.Trust)] = [HttpMethod.Get],
        [nameof(SenderRoutes.TrustMode)] = [HttpMethod.Put],
        [nameof(SenderRoutes.TrustCertificates)] = [HttpMethod.Post],
        [nameof(SenderRoutes.TrustExchange)] = [HttpMethod.Post],
        [nameof(SenderRoutes.TrustAuthorities)] = [HttpMethod.Post],
        [nameof(SenderRoutes.TrustExpiry)] = [HttpMethod.Get],
        [nameof(SenderRoutes.Profile)] = [HttpMethod.Get, HttpMethod.Put],
        [nameof(SenderRoutes.Probe)] = [HttpMethod.Post],
        [nameof(SenderRoutes.Verify)] = [HttpMethod.Post],
        [nameof(SenderRoutes.Traffic)] = [HttpMethod.Get],
        [nameof(SenderRoutes.TrafficStart)] = [HttpMethod.Post],
        [nameof(SenderRoutes.TrafficStop)] = [HttpMethod.Post],
        [nameof(SenderRoutes.TrafficPause)] = [HttpMethod.Post],
        [nameof(SenderRoutes.TrafficResume)] = [HttpMethod.Post],
        [nameof(SenderRoutes.TrafficRate)] = [HttpMethod.Put],
        [nameof(SenderRoutes.Statistics)] = [HttpMethod.Get],
        [nameof(SenderRoutes.StatisticsReset)] = [HttpMethod.Post],
        [nameof(SenderRoutes.Keystore)] = [HttpMethod.Get],
        [nameof(SenderRoutes.KeystoreSigning)] = [HttpMethod.Put],
        [nameof(SenderRoutes.KeyPairs)] = [HttpMethod.Post],
        [nameof(SenderRoutes.KeystoreHistory)] = [HttpMethod.Get],
        [nameof(SenderRoutes.Audit)] = [HttpMethod.Get],
        [nameof(SenderRoutes.KeystoreAudit)] = [HttpMethod.Get],
        [nameof(SenderRoutes.AuditLast)] = [HttpMethod.Get],
        [nameof(SenderRoutes.KeystoreAuditLast)] = [HttpMethod.Get],
        [nameof(SenderRoutes.TrustCertificate)] = [HttpMethod.Delete],
        [nameof(SenderRoutes.TrustAuthority)] = [HttpMethod.Delete],
        [nameof(SenderRoutes.StatisticsOf)] = [HttpMethod.Get],
        [nameof(SenderRoutes.KeyPair)] = [HttpMethod.Get],
        [nameof(SenderRoutes.KeyPairCertificate)] = [HttpMethod.Get],
        [nameof(SenderRoutes.KeyPairExchange)] = [HttpMethod.Post],
        [nameof(SenderRoutes.HistoryEntry)] = [HttpMethod.Delete],
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-sender-routes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Every_admin_operation_the_sender_serves_is_built_by_SenderRoutes_and_every_route_is_served()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var host = await SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = _dir,
            TenantUrl = tenant.BaseAddress,
            AdminToken = "routes-agree-token-0123",
            InitialCertificates = [TestKeys.Public(keys.Old)],
        });
        using var anonymous = new HttpClient { BaseAddress = host.Address };
        var openApi = JsonDocument.Parse(await anonymous.GetStringAsync("openapi/v1.json")).RootElement;

        RouteAgreement.AssertAgree(typeof(SenderRoutes), MethodsByMember, openApi);
    }

    [Fact]
    public void Every_SenderRoutes_function_escapes_its_arguments() => RouteAgreement.AssertEscapes(typeof(SenderRoutes));
}
