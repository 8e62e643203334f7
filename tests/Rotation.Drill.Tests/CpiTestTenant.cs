using Rotation.Tenant.Hosting;

namespace Rotation.Drill.Tests;

/// <summary>A running tenant-service on loopback with one API client for /api/v1, driven by the drill through --tenant.</summary>
internal sealed class CpiTestTenant : IAsyncDisposable
{
    public const string Client = "ops", Secret = "ops-secret-0123456789";

    private readonly DirectoryInfo _dataDir;

    private CpiTestTenant(TenantHost host, DirectoryInfo dataDir) => (Host, _dataDir) = (host, dataDir);

    public TenantHost Host { get; }

    public static async Task<CpiTestTenant> StartAsync(TimeProvider? time = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("rotation-cpi-tenant-");
        var host = TenantHost.Build(new TenantOptions
        {
            DataDir = dataDir.FullName,
            Urls = "http://127.0.0.1:0",
            AdminToken = "admin-token-0123456789",
            CpiClients = new Dictionary<string, string> { [Client] = Secret },
        }, time);
        await host.StartAsync(CancellationToken.None);
        return new CpiTestTenant(host, dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try { _dataDir.Delete(recursive: true); }
        catch (IOException) { /* a file still held open: the temp folder is cleaned by the system */ }
    }
}
