using System.Security.Cryptography.X509Certificates;
using System.Text;
using DotNet.Testcontainers.Containers;
using Rotation.Tenant.Contracts;

namespace Rotation.Container.Tests.Infrastructure;

/// <summary>
/// A running tenant-service container, reached at its address on the rig's network; or the load balancer in front of
/// a cluster's nodes, which answers the same API on the same port.
/// </summary>
public sealed class TenantContainer(IContainer container) : IDisposable
{
    public const string AdminToken = "container-test-tenant-token";

    private readonly Lazy<AdminHttp> _admin = new(() => new AdminHttp(new Uri($"http://{container.IpAddress}:8080/"), AdminToken));

    public IContainer Container => container;
    public Uri BaseAddress => new($"http://{container.IpAddress}:8080/");
    public AdminHttp Admin => _admin.Value;

    /// <summary>One SubmitOrder call to the integration flow; the raw (signed) response bytes.</summary>
    public async Task<byte[]> SubmitOrderAsync(string orderId, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = FlowRequest.SubmitOrder(BaseAddress, orderId);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"the flow answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        return body;
    }

    /// <summary>The alias the signer step signs with and the fingerprint of its key now.</summary>
    public async Task<(string Alias, string Fingerprint)> SignerAsync(CancellationToken ct)
    {
        var signer = await Admin.GetJsonAsync(TenantRoutes.Signer, ct);
        return (signer.GetProperty("alias").GetString()!, signer.GetProperty("fingerprint").GetString()!);
    }

    public async Task<X509Certificate2> CertificateAsync(string alias, CancellationToken ct) =>
        X509Certificate2.CreateFromPem(await CertificatePemAsync(alias, ct));

    public Task<string> CertificatePemAsync(string alias, CancellationToken ct) =>
        Admin.GetTextAsync(TenantRoutes.Certificate(alias, "pem"), ct);

    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
