using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>
/// The backup keystore on the admin API (docs/DESIGN.md §9): the same model as /api/v1's backup_admin_system, versioned
/// by the state's ETag, and a restore that keeps the admin API's guard on the signer step's alias.
/// </summary>
public sealed class AdminBackupTests
{
    [Fact]
    public async Task A_backup_survives_a_restart_and_a_restore_brings_the_backed_up_key_pair_back()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            string original;
            await using (var tenant = await TestTenant.StartAsync(dataDir: dir))
            {
                Assert.Equal(JsonValueKind.Null, (await tenant.GetJsonAsync(TenantRoutes.Backup)).GetProperty("madeAt").ValueKind);
                var made = await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Backup, new { });
                Assert.NotEqual(JsonValueKind.Null, made.GetProperty("madeAt").ValueKind);
                original = made.GetProperty("entries")[0].GetProperty("fingerprint").GetString()!;
                await tenant.CreateKeyPairAsync("next");
                await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = "next" });
            }

            await using var restarted = await TestTenant.StartAsync(dataDir: dir);
            var backup = await restarted.GetJsonAsync(TenantRoutes.Backup);
            Assert.Equal(original, Assert.Single(backup.GetProperty("entries").EnumerateArray()).GetProperty("fingerprint").GetString());
            var exchanged = restarted.Host.Keystore.Current.Find("tenant-signing")!.Fingerprint;

            var restored = await restarted.SendJsonAsync(HttpMethod.Post, TenantRoutes.BackupRestore, new { mode = "Overwrite" });

            Assert.Equal(original, Assert.Single(restored.GetProperty("restored").EnumerateArray()).GetProperty("fingerprint").GetString());
            Assert.Equal(exchanged, Assert.Single(restored.GetProperty("retired").EnumerateArray()).GetProperty("fingerprint").GetString());
            Assert.Equal(original, restarted.Host.Keystore.Current.Find("tenant-signing")!.Fingerprint);
            Assert.True(restarted.Host.Keystore.Current.Find("tenant-signing")!.Certificate.HasPrivateKey);
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }

    [Fact]
    public async Task A_restore_that_leaves_the_signer_steps_alias_without_a_key_pair_or_a_stale_one_is_refused()
    {
        await using var tenant = await TestTenant.StartAsync();
        // A backup without the signer step's alias: the step signs with another alias when it is made.
        await tenant.CreateKeyPairAsync("other");
        await tenant.SetSignerAsync(new { alias = "other" });
        await tenant.SendJsonAsync(HttpMethod.Delete, TenantRoutes.Entry("tenant-signing"), new { });
        await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Backup, new { });
        await tenant.CreateKeyPairAsync("tenant-signing");
        await tenant.SetSignerAsync(new { alias = "tenant-signing" });
        var generation = tenant.Host.State.Current.Generation;

        using (var refused = await tenant.Admin.PostAsJsonAsync(TenantRoutes.BackupRestore, new { mode = "Replace" }, TestTenant.Json))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("AliasInUse", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var stale = new HttpRequestMessage(HttpMethod.Post, TenantRoutes.Backup) { Content = JsonContent.Create(new { }) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", $"\"{generation - 1}\"");
            using var answer = await tenant.Admin.SendAsync(stale);
            Assert.Equal(HttpStatusCode.PreconditionFailed, answer.StatusCode);
        }
        Assert.Equal(generation, tenant.Host.State.Current.Generation);
        Assert.NotNull(tenant.Host.Keystore.Current.Find("tenant-signing"));
    }
}
