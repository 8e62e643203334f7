using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.State;

/// <summary>
/// Moving the signer step to an alias while that alias is deleted: before the state had one writer, PUT /admin/signer
/// checked the alias under one lock and DELETE removed it under another, and the signer could end up on an alias
/// that no longer existed, every response an unsigned 500. Now both are decided against the same state at the same
/// commit point (docs/DESIGN.md §4a): the delete of the alias the signer uses is refused (409 AliasInUse), and a
/// signer change to an alias that is gone is refused (404 UnknownAlias).
/// </summary>
public sealed class SignerAliasRaceTests
{
    private const int Rounds = 60;

    [Fact]
    public async Task Signer_changes_racing_deletes_of_their_alias_never_leave_a_response_unsigned()
    {
        await using var tenant = await TestTenant.StartAsync();
        var certificates = new ConcurrentDictionary<string, X509Certificate2>(StringComparer.OrdinalIgnoreCase);
        async Task CreateAsync(string alias)
        {
            await tenant.CreateKeyPairAsync(alias);
            var certificate = await tenant.CertificateAsync(alias);
            certificates[Rotation.Shared.Certificates.CertificateInfo.Fingerprint(certificate)] = certificate;
        }
        certificates[(await tenant.GetJsonAsync(TenantRoutes.Signer)).GetProperty("fingerprint").GetString()!] = await tenant.CertificateAsync("tenant-signing");

        var unexpected = new ConcurrentQueue<string>();
        var moves = 0;
        var refusedDeletes = 0;
        using var stop = new CancellationTokenSource();

        var traffic = Task.Run(async () =>
        {
            var sent = 0;
            while (!stop.IsCancellationRequested || sent == 0)
            {
                var (status, body, response) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, $"race-{sent++}"));
                var fingerprint = response.Headers.TryGetValues("X-Signing-Fingerprint", out var values) ? values.Single() : null;
                response.Dispose();
                if (status != 200 || fingerprint is null || !certificates.TryGetValue(fingerprint, out var certificate) || !Soap.Verify(body, certificate).IsValid)
                    unexpected.Enqueue($"response {sent}: HTTP {status}, fingerprint {fingerprint ?? "none"}: {System.Text.Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
            }
            return sent;
        });

        for (var round = 0; round < Rounds; round++)
        {
            var alias = $"moving-{round}";
            await CreateAsync(alias);
            // The signer moves onto the new alias while the alias is deleted: one of them must lose, cleanly.
            var move = tenant.Admin.PutAsJsonAsync(TenantRoutes.Signer, new { alias });
            var delete = tenant.Admin.DeleteAsync(TenantRoutes.Entry(alias));
            using var moved = await move;
            using var deleted = await delete;
            var movedText = await moved.Content.ReadAsStringAsync();
            var deletedText = await deleted.Content.ReadAsStringAsync();
            switch (moved.StatusCode, deleted.StatusCode)
            {
                case (HttpStatusCode.OK, HttpStatusCode.Conflict):
                    Assert.Equal("AliasInUse", Code(deletedText));
                    moves++;
                    refusedDeletes++;
                    break;
                case (HttpStatusCode.NotFound, HttpStatusCode.NoContent):
                    Assert.Equal("UnknownAlias", Code(movedText));
                    break;
                default:
                    unexpected.Enqueue($"round {round}: PUT signer {(int)moved.StatusCode} {movedText}; DELETE {(int)deleted.StatusCode} {deletedText}");
                    break;
            }
            // Back to the first alias, so the next round starts from the same place.
            await tenant.SetSignerAsync(new { alias = "tenant-signing" });
            if (deleted.StatusCode != HttpStatusCode.NoContent) await tenant.Admin.DeleteAsync(TenantRoutes.Entry(alias));
        }
        await stop.CancelAsync();
        var responses = await traffic;

        Assert.True(unexpected.IsEmpty, string.Join(Environment.NewLine, unexpected.Take(10)));
        Assert.True(responses > 0);
        // Both outcomes are legitimate; over the rounds the signer moved at least once, so the refusal was exercised.
        Assert.True(moves > 0 && refusedDeletes == moves, $"moves {moves}, refused deletes {refusedDeletes}");
        var signer = await tenant.GetJsonAsync(TenantRoutes.Signer);
        Assert.NotNull(signer.GetProperty("fingerprint").GetString());
        Assert.Equal("Healthy", await tenant.Anonymous.GetStringAsync("/health/ready"));
    }

    private static string? Code(string problem) => JsonDocument.Parse(problem).RootElement.GetProperty("code").GetString();
}
