using Rotation.Tenant.Hosting;
using Rotation.Tenant.Persistence;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>
/// One tenant per data directory (docs/DESIGN.md §4a): a second one would overwrite the first one's acknowledged
/// changes with its own older state. The lock is an OS file lock, so it goes with the process that holds it.
/// </summary>
public sealed class DataDirectoryLockTests
{
    [Fact]
    public async Task A_second_tenant_process_on_the_same_directory_refuses_to_start_naming_the_holder_and_loses_nothing()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            string fingerprint;
            await using (var first = await ChildTenant.StartAsync(dir))
            {
                fingerprint = (await first.PostAsync(TenantRoutes.KeyPairs, new { alias = "made-by-first", keyAlgorithm = "EC", keySize = 256 }, CancellationToken.None))
                    .GetProperty("fingerprint").GetString()!;
                var filesBefore = Directory.GetFiles(dir).Where(f => !f.Contains("messages.db", StringComparison.Ordinal) && !f.EndsWith(DataDirectory.LockFileName, StringComparison.Ordinal)).ToDictionary(f => f, File.ReadAllBytes);

                var (exitCode, error) = await ChildTenant.RunUntilExitAsync(dir);

                Assert.Equal(3, exitCode);
                Assert.Contains("is in use by another tenant-service", error, StringComparison.Ordinal);
                Assert.Contains($"(process {first.ProcessId})", error, StringComparison.Ordinal);
                Assert.Contains(Path.GetFullPath(dir), error, StringComparison.Ordinal);
                // The refused process wrote nothing: the first one's state is as it left it, and it still serves it.
                foreach (var (file, bytes) in filesBefore) Assert.Equal(bytes, File.ReadAllBytes(file));
                Assert.Equal(fingerprint, (await first.GetAsync(TenantRoutes.Entry("made-by-first"))).GetProperty("fingerprint").GetString());
                Assert.True(await first.SignsAsync());
                await first.KillAsync();
            }

            // Killed, the holder's lock is gone with it: the next tenant starts and has the key pair made through the first.
            await using var next = await TestTenant.StartAsync(dataDir: dir);
            Assert.Equal(fingerprint, (await next.GetJsonAsync(TenantRoutes.Entry("made-by-first"))).GetProperty("fingerprint").GetString());
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }

    [Fact]
    public async Task An_in_process_tenant_on_a_locked_directory_fails_clearly_and_starts_once_the_holder_is_gone()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            var holder = await TestTenant.StartAsync(dataDir: dir);
            await holder.CreateKeyPairAsync("held");
            // A crash leftover must survive the refused start: the refused tenant does not touch the directory at all.
            var leftover = Path.Combine(dir, ".tenant-state.json.0123.tmp");
            File.WriteAllText(leftover, "not committed");

            var refused = Assert.Throws<DataDirectoryInUseException>(() => TenantHost.Build(new TenantOptions { DataDir = dir, Urls = "http://127.0.0.1:0", AdminToken = TestTenant.Token }));
            Assert.Equal(Environment.ProcessId, refused.HolderProcessId);
            Assert.Equal(Path.GetFullPath(dir), refused.Directory);
            Assert.Contains($"in use by another tenant-service (process {Environment.ProcessId})", refused.Message, StringComparison.Ordinal);
            Assert.True(File.Exists(leftover));
            Assert.Equal("Healthy", await holder.Anonymous.GetStringAsync("/health/ready"));

            await holder.DisposeAsync();
            await using var next = await TestTenant.StartAsync(dataDir: dir);
            Assert.Equal(2, (await next.GetJsonAsync(TenantRoutes.Entries)).GetArrayLength());
            Assert.False(File.Exists(leftover));
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }
}
