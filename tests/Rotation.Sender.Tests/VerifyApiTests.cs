using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Trust;
using Rotation.Shared.Contract;
using Rotation.Shared.WsSecurity;
using Rotation.Sender.Contracts;

namespace Rotation.Sender.Tests;

/// <summary>/admin/verify: a captured response checked against the live trust store, as the drill's "sender confirms" does for a key not yet in use.</summary>
[Collection(SenderCollection.Name)]
public sealed class VerifyApiTests(TestKeys keys) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-verify-api-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_response_signed_with_a_newly_trusted_key_verifies_and_an_untrusted_one_is_rejected_with_its_reason()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var host = await SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = _dir,
            TenantUrl = tenant.BaseAddress,
            AdminToken = "verify-token",
            TrustMode = TrustMode.Overlap,
            InitialCertificates = [TestKeys.Public(keys.Old), TestKeys.Public(keys.New)],
        });
        using var admin = host.CreateAdminClient();
        var signer = new ResponseSigner(TimeProvider.System);
        var envelope = System.Text.Encoding.UTF8.GetBytes(SampleOrderRequest.Envelope("VERIFY-1"));

        var byNew = await VerifyAsync(admin, signer.Sign(envelope, keys.New, SignerSettings.Default with { Algorithm = keys.New.DefaultAlgorithm }));
        Assert.True(byNew.GetProperty("isValid").GetBoolean());
        Assert.Equal(keys.New.Fingerprint, byNew.GetProperty("fingerprint").GetString());

        var byStranger = await VerifyAsync(admin, signer.Sign(envelope, keys.Stranger, SignerSettings.Default with { Algorithm = keys.Stranger.DefaultAlgorithm }));
        Assert.False(byStranger.GetProperty("isValid").GetBoolean());
        Assert.Equal("CertificateUntrusted", byStranger.GetProperty("reason").GetString());

        var tampered = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(signer.Sign(envelope, keys.Old, SignerSettings.Default with { Algorithm = keys.Old.DefaultAlgorithm })).Replace("VERIFY-1", "VERIFY-2", StringComparison.Ordinal));
        Assert.Equal("DigestMismatch", (await VerifyAsync(admin, tampered)).GetProperty("reason").GetString());

        // Verifying is not traffic: the trust store's counts stay as they were.
        Assert.DoesNotContain(keys.New.Fingerprint, host.Trust.VerifiedCounts.Keys);
    }

    [Fact]
    public async Task Verify_needs_the_token_and_a_body()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var host = await SenderHost.StartAsync(new SenderHostOptions { DataDir = _dir, TenantUrl = tenant.BaseAddress, AdminToken = "verify-token" });
        using var anonymous = new HttpClient { BaseAddress = host.Address };
        using var admin = host.CreateAdminClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(SenderRoutes.Verify, new ByteArrayContent([1]))).StatusCode);
        var empty = await admin.PostAsync(SenderRoutes.Verify, new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("application/problem+json", empty.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient admin, byte[] response)
    {
        using var content = new ByteArrayContent(response);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        using var answer = await admin.PostAsync(SenderRoutes.Verify, content);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }
}
