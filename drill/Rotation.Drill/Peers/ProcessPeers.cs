using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Drill.Admin;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Peers;

/// <summary>A tenant-service and a sender-client started as two child processes on loopback, with temporary data directories.</summary>
public sealed class ProcessPeers : IAsyncDisposable
{
    private readonly string _root;

    private ProcessPeers(string root, PeerProcess tenant, PeerProcess sender, DrillPeers peers)
    {
        _root = root;
        Tenant = tenant;
        Sender = sender;
        Peers = peers;
    }

    public PeerProcess Tenant { get; }
    public PeerProcess Sender { get; }
    public DrillPeers Peers { get; }

    public static async Task<ProcessPeers> StartAsync(KeyAlgorithm initialKey, double rate, int concurrency, CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("rotation-soak-").FullName;
        PeerProcess? tenant = null;
        try
        {
            var tenantToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            var tenantPort = PeerProcess.FreePort();
            tenant = await PeerProcess.StartAsync("tenant-service", "Rotation.Tenant.dll",
                ["--urls", $"http://127.0.0.1:{tenantPort}", "--data-dir", Path.Combine(root, "tenant"), "--initial-key", initialKey.Format()],
                new Dictionary<string, string> { ["ROTATION_ADMIN_TOKEN"] = tenantToken, ["Logging__LogLevel__Default"] = "Warning" }, tenantPort, ct);

            // The sender starts trusting what the tenant signs with, handed over as a file as an administrator would.
            using var admin = new TenantAdmin(tenant.BaseAddress, tenantToken);
            var signer = await admin.SignerStepAsync(ct);
            var certificateFile = Path.Combine(root, "tenant-current.pem");
            await File.WriteAllTextAsync(certificateFile, await admin.CertificatePemAsync(signer.Alias, ct), ct);

            var senderToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            var senderPort = PeerProcess.FreePort();
            var endpoint = DrillPeerRequest.EndpointOf(tenant.BaseAddress);
            var sender = await PeerProcess.StartAsync("sender-client", "Rotation.Sender.dll",
                ["serve", "--data-dir", Path.Combine(root, "sender"), "--url", endpoint.ToString(), "--urls", $"http://127.0.0.1:{senderPort}",
                 "--trust", certificateFile, "--mode", "overlap", "--no-traffic",
                 "--rate", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                new Dictionary<string, string> { ["ROTATION_ADMIN_TOKEN"] = senderToken, ["Logging__LogLevel__Default"] = "Warning" }, senderPort, ct);

            var peers = new DrillPeers(tenant.BaseAddress, tenantToken, endpoint, sender.BaseAddress, senderToken);
            return new ProcessPeers(root, tenant, sender, peers);
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
