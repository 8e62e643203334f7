using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Drill.Admin;
using Rotation.Shared.Certificates;
using Rotation.Hosting.Storage;

namespace Rotation.Drill.Services;

/// <summary>A tenant-service and a sender-client started as two child processes on loopback, with temporary data directories.</summary>
public sealed class ProcessServices : IAsyncDisposable
{
    private readonly string _root;

    private ProcessServices(string root, ServiceProcess tenant, ServiceProcess sender, DrillServices services)
    {
        _root = root;
        Tenant = tenant;
        Sender = sender;
        Services = services;
    }

    public ServiceProcess Tenant { get; }
    public ServiceProcess Sender { get; }
    public DrillServices Services { get; }

    public static async Task<ProcessServices> StartAsync(KeyAlgorithm initialKey, double rate, int concurrency, CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("rotation-soak-").FullName;
        ServiceProcess? tenant = null;
        try
        {
            var tenantToken = SecretFile.NewSecret();
            var tenantPort = ServiceProcess.FreePort();
            tenant = await ServiceProcess.StartAsync("tenant-service", "Rotation.Tenant.dll",
                ["--urls", $"http://127.0.0.1:{tenantPort}", "--data-dir", Path.Combine(root, "tenant"), "--initial-key", initialKey.Format()],
                new Dictionary<string, string> { ["ROTATION_ADMIN_TOKEN"] = tenantToken, ["Logging__LogLevel__Default"] = "Warning" }, tenantPort, ct);

            // The sender starts trusting what the tenant signs with, handed over as a file as an administrator would.
            using var admin = new TenantAdmin(tenant.BaseAddress, tenantToken);
            var signer = await admin.SignerStepAsync(ct);
            var certificateFile = Path.Combine(root, "tenant-current.pem");
            await File.WriteAllTextAsync(certificateFile, await admin.CertificatePemAsync(signer.Alias, ct), ct);

            var senderToken = SecretFile.NewSecret();
            var senderPort = ServiceProcess.FreePort();
            var endpoint = DrillServiceRequest.EndpointOf(tenant.BaseAddress);
            var sender = await ServiceProcess.StartAsync("sender-client", "Rotation.Sender.dll",
                ["serve", "--data-dir", Path.Combine(root, "sender"), "--url", endpoint.ToString(), "--urls", $"http://127.0.0.1:{senderPort}",
                 "--trust", certificateFile, "--mode", "overlap", "--no-traffic",
                 "--rate", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                new Dictionary<string, string> { ["ROTATION_ADMIN_TOKEN"] = senderToken, ["Logging__LogLevel__Default"] = "Warning" }, senderPort, ct);

            var services = new DrillServices(tenant.BaseAddress, tenantToken, endpoint, sender.BaseAddress, senderToken);
            return new ProcessServices(root, tenant, sender, services);
        }
        catch
        {
            if (tenant is not null) await tenant.DisposeAsync();
            TryDelete(root);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Sender.DisposeAsync();
        await Tenant.DisposeAsync();
        TryDelete(_root);
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
