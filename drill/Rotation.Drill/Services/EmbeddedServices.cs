using Rotation.Sender;
using Rotation.Sender.Trust;
using Rotation.Shared.Certificates;
using Rotation.Shared.Contract;
using Rotation.Drill.Procedures;
using Rotation.Drill.Tenants;
using Rotation.Tenant.Hosting;
using Rotation.Sender.Contracts;
using Rotation.Hosting.Storage;

namespace Rotation.Drill.Services;

/// <summary>
/// The embedded default: a tenant-service (one node, or an <see cref="EmbeddedCluster"/> of several behind a
/// round-robin front) and a sender-client started in this process on loopback, with temporary data directories, so
/// the drill needs nothing else installed or running. The drill still drives them only over their admin APIs,
/// exactly as it drives remote ones.
/// </summary>
public sealed class EmbeddedServices : IAsyncDisposable
{
    private readonly string _root;
    private EmbeddedCluster? _tenant;
    private SenderHost? _sender;

    private EmbeddedServices(string root) => _root = root;

    public static async Task<DrillServices> StartAsync(DrillServiceRequest request, CancellationToken ct)
    {
        var services = new EmbeddedServices(Directory.CreateTempSubdirectory("rotation-drill-").FullName);
        try
        {
            return await services.StartCoreAsync(request, ct);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    private async Task<DrillServices> StartCoreAsync(DrillServiceRequest request, CancellationToken ct)
    {
        if (request.TenantUrl is { } remote)
        {
            // A remote tenant with an in-process sender: the sender starts trusting what the tenant signs with now.
            // The sender's address is known once it runs: until then the record names the tenant in its place.
            var services = ServiceResolver.Remote(request, remote, remote, "");
            using (var tenant = services.OpenTenant(new DrillSettings(), TimeProvider.System))
            {
                var signing = await tenant.SigningKeyAsync(ct);
                await StartSenderAsync(request, services.TenantEndpoint, System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(signing.CertificatePem), ct);
            }
            return services with { SenderAdmin = _sender!.Address, SenderToken = _sender.AdminToken, Owned = this };
        }

        var tenantToken = request.TenantToken ?? Secret();
        // With --tenant-api cpi the in-process tenant gets an API client of its own, and the drill signs in with OAuth.
        var cpiClient = request.TenantApi == TenantApi.Cpi ? ("drill-" + Secret()[..8], Secret()) : ((string, string)?)null;
        var cpiClients = cpiClient is { } client ? new Dictionary<string, string> { [client.Item1] = client.Item2 } : new Dictionary<string, string>();
        _tenant = await EmbeddedCluster.StartAsync(Path.Combine(_root, "tenant"), tenantToken, request.InitialKey, request.Nodes, request.LaggingNodeDelay, cpiClients, request.SignerKeyReference, ct);
        var first = _tenant.Nodes[0];
        var current = first.Keystore.Current.Find(first.SignerStep.Current.Alias)
            ?? throw new InvalidOperationException("the embedded tenant has no key pair under its signer alias");
        var flow = DrillServiceRequest.EndpointOf(_tenant.BaseAddress);
        await StartSenderAsync(request, flow, current.PublicCertificate, ct);
        return new DrillServices(_tenant.BaseAddress, tenantToken, flow, _sender!.Address, _sender.AdminToken)
        {
            Owned = this,
            TenantNodes = [.. _tenant.Nodes.Select(n => n.BaseAddress)],
            Api = request.TenantApi,
            Cpi = cpiClient is { } c ? CpiCredentials.OAuth(new Uri(_tenant.BaseAddress, "oauth/token"), c.Item1, c.Item2) : null,
            Alias = first.SignerStep.Current.Alias,
        };
    }

    private static string Secret() => SecretFile.NewSecret();

    private async Task StartSenderAsync(DrillServiceRequest request, Uri tenantEndpoint, System.Security.Cryptography.X509Certificates.X509Certificate2 trusted, CancellationToken ct)
    {
        _sender = await SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = Path.Combine(_root, "sender"),
            Urls = "http://127.0.0.1:0",
            AdminToken = request.SenderToken ?? Secret(),
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

/// <summary>What the drill asks of its services: given URLs drive running services; missing ones are started in-process.</summary>
public sealed record DrillServiceRequest
{
    public Uri? TenantUrl { get; init; }
    public string? TenantToken { get; init; }
    /// <summary>The tenant's face the drill drives; with <see cref="TenantApi.Cpi"/> a remote tenant needs <see cref="Cpi"/> and <see cref="Alias"/>.</summary>
    public TenantApi TenantApi { get; init; } = TenantApi.Admin;
    public CpiCredentials? Cpi { get; init; }
    public string? Alias { get; init; }
    /// <summary>The flow's endpoint (--flow-url); null: the tenant-service's own, under the tenant's base URL.</summary>
    public Uri? FlowUrl { get; init; }
    public Uri? SenderUrl { get; init; }
    public string? SenderToken { get; init; }
    public KeyAlgorithm InitialKey { get; init; } = KeyAlgorithm.Rsa2048;
    public double Rate { get; init; } = 50;
    public int Concurrency { get; init; } = 8;
    /// <summary>Tenant nodes the embedded default starts over one shared store (docs/DESIGN.md §8).</summary>
    public int Nodes { get; init; } = 1;
    /// <summary>With several embedded nodes: how long the last one waits before it deploys a change (a slow worker node).</summary>
    public TimeSpan LaggingNodeDelay { get; init; }
    /// <summary>How an in-process tenant's signatures name their key (BinarySecurityToken or IssuerSerial).</summary>
    public Rotation.Shared.WsSecurity.KeyReference SignerKeyReference { get; init; } = Rotation.Shared.WsSecurity.KeyReference.BinarySecurityToken;
    /// <summary>The sender profile an in-process sender starts with (docs/DESIGN.md §13).</summary>
    public Sender.Profiles.SenderProfile SenderProfile { get; init; } = Sender.Profiles.SenderProfile.Strict;

    public static Uri EndpointOf(Uri tenantBase) => new(tenantBase, OrderContract.EndpointPath.TrimStart('/'));
}
