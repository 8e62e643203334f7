using Rotation.Tenant.Hosting;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Postgres;

/// <summary>A <see cref="TestTenant"/> whose state lives in a database of the <see cref="PostgresCluster"/> (--store).</summary>
public static class StoreTenant
{
    public const string Secret = "host-store-secret-0123456789";

    public static Task<TestTenant> StartAsync(string database, Func<TenantOptions, TenantOptions>? configure = null) =>
        TestTenant.StartAsync(o =>
        {
            var options = o with { Store = database, StoreSecret = Secret };
            return configure is null ? options : configure(options);
        });
}
