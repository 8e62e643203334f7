using Rotation.Tenant.Hosting;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Postgres;

/// <summary>The tenant process started with --store the way an operator starts it: refusals are clear and name no secret.</summary>
public sealed class StoreOptionProcessTests
{
    [Fact]
    public async Task Store_without_a_secret_exits_with_2_and_says_how_to_give_one()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            var (exitCode, error) = await ChildTenant.RunUntilExitAsync(dir, ["--store", "Host=127.0.0.1;Port=1;Database=rotation"]);

            Assert.Equal(2, exitCode);
            Assert.Contains("--store needs the key-encryption secret", error, StringComparison.Ordinal);
            Assert.Contains("--store-secret-file FILE or ROTATION_STORE_SECRET", error, StringComparison.Ordinal);
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }

    [Fact]
    public async Task An_unreachable_store_exits_with_4_naming_host_and_port_but_not_the_password()
    {
        var dir = TestTenant.NewDataDir();
        try
        {
            var (exitCode, error) = await ChildTenant.RunUntilExitAsync(dir,
                ["--store", "Host=127.0.0.1;Port=1;Database=rotation;Username=rotation;Password=never-shown-password;Timeout=5"],
                new Dictionary<string, string> { [TenantConfiguration.StoreSecretVariable] = "process-store-secret-0123456789" });

            Assert.Equal(4, exitCode);
            Assert.Contains("cannot open the PostgreSQL store (host 127.0.0.1, port 1, database rotation)", error, StringComparison.Ordinal);
            Assert.DoesNotContain("never-shown-password", error, StringComparison.Ordinal);
            Assert.DoesNotContain("process-store-secret", error, StringComparison.Ordinal);
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }
}
