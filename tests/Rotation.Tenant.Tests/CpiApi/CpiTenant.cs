using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>A test tenant with the API clients configured, and a script's client of its /api/v1 (HTTP Basic).</summary>
public sealed class CpiTenant : IAsyncDisposable
{
    private CpiTenant(TestTenant tenant)
    {
        Tenant = tenant;
        Client = CpiClient.ForBasic(tenant.Host.BaseAddress);
    }

    public TestTenant Tenant { get; }
    public CpiClient Client { get; }

    public void Deconstruct(out TestTenant tenant, out CpiClient client) => (tenant, client) = (Tenant, Client);

    public static async Task<CpiTenant> StartAsync(TimeProvider? time = null) =>
        new(await TestTenant.StartAsync(o => o with { CpiClients = CpiClient.Clients, CpiTokenLifetime = TimeSpan.FromMinutes(10) }, time));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Tenant.DisposeAsync();
    }
}
