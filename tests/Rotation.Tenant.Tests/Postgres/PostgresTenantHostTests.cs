using System.Net;
using System.Net.Http.Json;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Postgres;

/// <summary>A tenant host started with --store: its state lives in PostgreSQL, not in its data directory.</summary>
[NeedsPostgres]
[Collection(PostgresCollection.Name)]
public sealed class PostgresTenantHostTests(PostgresCluster cluster)
{
    [StoreFact]
    public async Task Serves_signed_responses_and_an_exchange_survives_a_restart_on_another_data_directory()
    {
        var database = await cluster.CreateDatabaseAsync();
        string exchanged;
        string historyJson;
        await using (var first = await StartAsync(database))
        {
            var (status, body, _) = await Soap.SendAsync(first.Anonymous, first.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "before"));
            Assert.Equal(200, status);
            var original = await first.CertificateAsync("tenant-signing");
            Assert.True(Soap.Verify(body, original).IsValid);

            await first.CreateKeyPairAsync("next", "EC", 384);
            var next = await first.CertificateAsync("next");
            await first.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
            exchanged = CertificateInfo.Fingerprint(next);
            Assert.Equal(exchanged, CertificateInfo.Fingerprint(await first.CertificateAsync("tenant-signing")));
            historyJson = (await first.GetJsonAsync(TenantRoutes.History)).GetRawText();
            // Nothing of the state went to the data directory: the store holds it.
            Assert.False(File.Exists(Path.Combine(first.DataDir, "tenant-state.json")));
            Assert.Empty(Directory.GetFiles(first.DataDir, "*.p12"));
            Assert.False(File.Exists(Path.Combine(first.DataDir, "keystore.password")));
        }

        // A new data directory: only the database carries the state over.
        await using var second = await StartAsync(database);
        var certificate = await second.CertificateAsync("tenant-signing");
        Assert.Equal(exchanged, CertificateInfo.Fingerprint(certificate));
        Assert.Equal(historyJson, (await second.GetJsonAsync(TenantRoutes.History)).GetRawText());
        var (afterStatus, afterBody, _) = await Soap.SendAsync(second.Anonymous, second.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "after-restart"));
        Assert.Equal(200, afterStatus);
        var result = Soap.Verify(afterBody, certificate);
        Assert.True(result.IsValid, result.ToString());
        var audit = await second.GetJsonAsync(TenantRoutes.Audit);
        Assert.Contains(audit.EnumerateArray(), r => r.GetProperty("action").GetString()!.Contains("exchange", StringComparison.OrdinalIgnoreCase));
    }

    [StoreFact]
    public async Task Two_nodes_on_one_database_a_change_through_the_second_at_a_generation_the_first_moved_past_is_refused_with_412()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using var first = await StartAsync(database);
        await using var second = await StartAsync(database);
        var generation = (await second.Admin.GetAsync(TenantRoutes.Signer)).Headers.ETag!.Tag;

        await first.CreateKeyPairAsync("through-first");
        using var request = new HttpRequestMessage(HttpMethod.Post, TenantRoutes.KeyPairs)
        {
            Content = JsonContent.Create(new { alias = "through-second", keyAlgorithm = "EC", keySize = 256, validityDays = 30 }),
        };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(generation));
        using var refused = await second.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        // The refused node took the stored state: a read-and-retry keeps both changes.
        await second.CreateKeyPairAsync("through-second");
        await using var third = await StartAsync(database);
        var aliases = (await third.GetJsonAsync(TenantRoutes.Entries)).EnumerateArray().Select(e => e.GetProperty("alias").GetString()).ToList();
        Assert.Equal(["tenant-signing", "through-first", "through-second"], aliases.Order(StringComparer.Ordinal));
    }

    private static Task<TestTenant> StartAsync(string database) => StoreTenant.StartAsync(database);
}
