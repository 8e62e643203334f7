using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Rotation.Sender;
using Rotation.Sender.Contracts;
using Rotation.Sender.Trust;
using Rotation.Tenant.Contracts;
using Rotation.Tenant.Hosting;

namespace Rotation.Drill.Tests;

/// <summary>
/// The drill talks to both services' admin APIs, so they must refuse alike: one token filter, one error contract
/// (docs/DESIGN.md §7b). Both services run here in-process on loopback.
/// </summary>
public sealed class AdminPlumbingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rotation-admin-plumbing-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_missing_or_wrong_token_is_refused_the_same_way_by_the_tenant_and_the_sender()
    {
        await using var tenant = TenantHost.Build(new TenantOptions
        {
            DataDir = Path.Combine(_root, "tenant"),
            Urls = "http://127.0.0.1:0",
            AdminToken = "tenant-token-for-plumbing-test",
            InitialKeyAlgorithm = Rotation.Shared.Certificates.KeyAlgorithm.EcP256,
        });
        await tenant.StartAsync();
        await using var sender = await SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = Path.Combine(_root, "sender"),
            AdminToken = "sender-token-for-plumbing-test",
            TenantUrl = tenant.EndpointAddress,
            TrustMode = TrustMode.Single,
            InitialCertificates = [tenant.Keystore.Current.Find(tenant.SignerStep.Current.Alias)!.PublicCertificate],
        });

        foreach (var presented in new[] { null, "wrong-token-0123456789", "Basic dGVzdDp0ZXN0" })
        {
            var fromTenant = await RefusalAsync(tenant.BaseAddress, TenantRoutes.Audit, presented);
            var fromSender = await RefusalAsync(sender.Address, SenderRoutes.Audit, presented);

            Assert.Equal(HttpStatusCode.Unauthorized, fromTenant.Status);
            Assert.Equal((fromTenant.Status, fromTenant.ContentType, fromTenant.Type, fromTenant.Title, fromTenant.Code),
                (fromSender.Status, fromSender.ContentType, fromSender.Type, fromSender.Title, fromSender.Code));
            Assert.Equal(("application/problem+json", "Unauthorized"), (fromTenant.ContentType, fromTenant.Code));
            Assert.Equal(("Bearer", "realm=\"rotation-tenant\""), fromTenant.Challenge);
            Assert.Equal(("Bearer", "realm=\"rotation-sender\""), fromSender.Challenge);
            Assert.All(new[] { fromTenant.Detail, fromSender.Detail }, detail => Assert.Contains("ROTATION_ADMIN_TOKEN", detail, StringComparison.Ordinal));
        }
    }

    private sealed record Refusal(HttpStatusCode Status, string? ContentType, string? Type, string? Title, string? Code, string Detail, (string, string?) Challenge);

    private static async Task<Refusal> RefusalAsync(Uri service, string audit, string? presented)
    {
        using var http = new HttpClient { BaseAddress = service };
        using var request = new HttpRequestMessage(HttpMethod.Get, audit);
        if (presented is not null)
            request.Headers.Authorization = presented.StartsWith("Basic ", StringComparison.Ordinal)
                ? AuthenticationHeaderValue.Parse(presented) : new AuthenticationHeaderValue("Bearer", presented);
        using var response = await http.SendAsync(request);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        string? Text(string name) => problem.TryGetProperty(name, out var value) ? value.GetString() : null;
        var challenge = response.Headers.WwwAuthenticate.Single();
        return new Refusal(response.StatusCode, response.Content.Headers.ContentType?.MediaType, Text("type"), Text("title"), Text("code"),
            Text("detail") ?? "", (challenge.Scheme, challenge.Parameter));
    }
}
