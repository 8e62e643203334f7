using System.Net;
using System.Text.Json;
using Rotation.Tenant.Tests.CpiApi;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Postgres;

/// <summary>
/// The backup keystore on the PostgreSQL store (docs/DESIGN.md §8, §9): a backup made through /api/v1 on one node is
/// the cluster's — another node lists it and restores from it, and a restarted node still has it, private keys included.
/// </summary>
[NeedsPostgres]
[Collection(PostgresCollection.Name)]
public sealed class PostgresBackupKeystoreTests(PostgresCluster cluster)
{
    [StoreFact]
    public async Task A_backup_made_on_one_node_is_listed_and_restored_on_another_and_survives_a_restart()
    {
        var database = await cluster.CreateDatabaseAsync();
        await using (var a = await StartAsync(database, "node-a"))
        await using (var b = await StartAsync(database, "node-b"))
        {
            using var clientA = CpiClient.ForBasic(a.Host.BaseAddress);
            using var clientB = CpiClient.ForBasic(b.Host.BaseAddress);
            var original = await a.CertificateAsync("tenant-signing");
            var made = await clientA.SendAsync(HttpMethod.Post, "/api/v1/KeystoreResources", CpiClient.Json($$"""{"Name":"{{CpiFixtures.BackupKeystore}}"}"""));
            made.Response.Dispose();
            Assert.True(made.Status == HttpStatusCode.Created, made.Body);
            await a.CreateKeyPairAsync("next");
            await a.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
            var generation = a.Host.State.Current.Generation;
            await Eventually.Until(() => b.Host.State.Current.Generation == generation, "node-b deploys the backup and the exchange");

            var listed = await clientB.GetJsonAsync($"/api/v1/KeystoreEntries?keystoreName={CpiFixtures.BackupKeystore}");
            JsonShape.AssertMatches(CpiFixtures.Many(CpiFixtures.KeystoreEntry("Key Pair")), listed.GetRawText());
            Assert.Equal(Rotation.Shared.Certificates.CertificateInfo.Fingerprint(original),
                Assert.Single(listed.GetProperty("d").GetProperty("results").EnumerateArray()).GetProperty("FingerprintSha256").GetString());

            var restored = await clientB.SendAsync(HttpMethod.Put, $"/api/v1/KeystoreResources('system')?retrieveBackup={CpiFixtures.BackupKeystore}", CpiClient.Json("{}"));
            restored.Response.Dispose();
            Assert.True(restored.Status == HttpStatusCode.OK, restored.Body);
            await Eventually.Until(() => a.Host.State.Current.Generation == generation + 1, "node-a deploys the restore");
            var (status, envelope, _) = await Soap.SendAsync(a.Anonymous, a.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "restored-on-b"));
            Assert.Equal(200, status);
            Assert.True(Soap.Verify(envelope, original).IsValid);
        }

        // A restarted node loads the backup with its key pair from the store.
        await using var restarted = await StartAsync(database, "node-a");
        var backup = restarted.Host.Keystore.Current.Backup;
        Assert.True(backup.Exists);
        Assert.True(Assert.Single(backup.Entries.Values).Certificate.HasPrivateKey);
    }

    private static Task<TestTenant> StartAsync(string database, string node) =>
        StoreTenant.StartAsync(database, o => o with { NodeName = node, ClusterPollInterval = TimeSpan.FromMilliseconds(200), CpiClients = CpiClient.Clients });
}
