using Rotation.Sender;
using Rotation.Sender.Trust;
using Rotation.Shared.Certificates;
using Rotation.Shared.Contract;
using Rotation.Tenant.Hosting;

namespace Rotation.Drill.Peers;

/// <summary>
/// The embedded default: a tenant-service and a sender-client started in this process on loopback, with
/// temporary data directories, so the drill needs nothing else installed or running. The drill still
/// drives them only over their admin APIs, exactly as it drives remote ones.
/// </summary>
public sealed class EmbeddedPeers : IAsyncDisposable
{
    private readonly string _root;
    private TenantHost? _tenant;
    private SenderHost? _sender;

    private EmbeddedPeers(string root) => _root = root;

    public static async Task<DrillPeers> StartAsync(DrillPeerRequest request, CancellationToken ct)
    {
        var peers = new EmbeddedPeers(Directory.CreateTempSubdirectory("rotation-drill-").FullName);
        try
        {
            return await peers.StartCoreAsync(request, ct);
        }
        catch
        {
            await peers.DisposeAsync();
            throw;
        }
    }

    private async Task<DrillPeers> StartCoreAsync(DrillPeerRequest request, CancellationToken ct)
    {
        if (request.TenantUrl is { } remote)
        {
            // A remote tenant with an in-process sender: the sender starts trusting what the tenant signs with now.
            var token = request.TenantToken ?? throw new ArgumentException("--tenant needs --tenant-token");
            using var admin = new Admin.TenantAdmin(remote, token);
            var signer = await admin.SignerStepAsync(ct);
            var pem = await admin.CertificatePemAsync(signer.Alias, ct);
            var endpoint = DrillPeerRequest.EndpointOf(remote);
            await StartSenderAsync(request, endpoint, System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem), ct);
            return new DrillPeers(remote, token, endpoint, _sender!.Address, _sender.AdminToken) { Owned = this };
        }

        var tenantToken = request.TenantToken ?? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        _tenant = TenantHost.Build(new TenantOptions
        {
            DataDir = Path.Combine(_root, "tenant"),
            Urls = "http://127.0.0.1:0",
            AdminToken = tenantToken,
            InitialKeyAlgorithm = request.InitialKey,
            InitialKeySubject = "CN=Rotation Drill Tenant, O=Rotation",
        });
        await _tenant.StartAsync(ct);

        var current = _tenant.Keystore.Current.Find(_tenant.SignerStep.Current.Alias)
            ?? throw new InvalidOperationException("the embedded tenant has no key pair under its signer alias");
        await StartSenderAsync(request, _tenant.EndpointAddress, current.PublicCertificate, ct);
        return new DrillPeers(_tenant.BaseAddress, tenantToken, _tenant.EndpointAddress, _sender!.Address, _sender.AdminToken) { Owned = this };
    }

    private async Task StartSenderAsync(DrillPeerRequest request, Uri tenantEndpoint, System.Security.Cryptography.X509Certificates.X509Certificate2 trusted, CancellationToken ct)
    {
        _sender = await SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = Path.Combine(_root, "sender"),
            Urls = "http://127.0.0.1:0",
            AdminToken = request.SenderToken ?? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)),
            TenantUrl = tenantEndpoint,
            TrustMode = TrustMode.Overlap,
            InitialCertificates = [trusted],
            Rate = request.Rate,
            Concurrency = request.Concurrency,
            Profile = request.SenderProfile,
        }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sender is not null) await _sender.DisposeAsync();
        if (_tenant is not null) await _tenant.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { /* a file still held open: the temp folder is cleaned by the system */ }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>What the drill asks of its peers: given URLs drive running services; missing ones are started in-process.</summary>
public sealed record DrillPeerRequest
{
    public Uri? TenantUrl { get; init; }
    public string? TenantToken { get; init; }
    public Uri? SenderUrl { get; init; }
    public string? SenderToken { get; init; }
    public KeyAlgorithm InitialKey { get; init; } = KeyAlgorithm.Rsa2048;
    public double Rate { get; init; } = 50;
    public int Concurrency { get; init; } = 8;
    /// <summary>The sender profile an in-process sender starts with (docs/DESIGN.md §13).</summary>
    public Sender.Profiles.SenderProfile SenderProfile { get; init; } = Sender.Profiles.SenderProfile.Strict;

    public static Uri EndpointOf(Uri tenantBase) => new(tenantBase, OrderContract.EndpointPath.TrimStart('/'));
}
