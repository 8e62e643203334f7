using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Contracts;
using Rotation.Tenant.Hosting;
using Rotation.Testing.Soap;

namespace Rotation.Interop.Tests.Infrastructure;

/// <summary>
/// Our tenant on real Kestrel at 127.0.0.1:0 with a data directory of its own: the side the peers exchange signed
/// messages with over HTTP. Set up through its admin API, as an administrator would.
/// </summary>
public sealed class OurTenant : IAsyncDisposable
{
    private const string Token = "interop-admin-token-0123456789";

    private readonly TenantHost _host;
    private readonly string _dataDir;

    private OurTenant(TenantHost host, string dataDir)
    {
        _host = host;
        _dataDir = dataDir;
        Admin = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public HttpClient Admin { get; }

    /// <summary>The SOAP endpoint; with <c>?wsdl</c> its WSDL.</summary>
    public Uri Endpoint => _host.EndpointAddress;

    public static async Task<OurTenant> StartAsync(Func<TenantOptions, TenantOptions>? configure = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("rotation-interop-tenant-").FullName;
        // RSA-2048 keeps start-up fast.
        var options = new TenantOptions { DataDir = dataDir, Urls = "http://127.0.0.1:0", AdminToken = Token, InitialKeyAlgorithm = KeyAlgorithm.Rsa2048 };
        var host = TenantHost.Build(configure is null ? options : configure(options));
        await host.StartAsync();
        return new OurTenant(host, dataDir);
    }

    public Task CreateKeyPairAsync(string alias, string keyAlgorithm, int keySize) =>
        SendAsync(HttpMethod.Post, TenantRoutes.KeyPairs, new { alias, keyAlgorithm, keySize, validityDays = 30 });

    /// <summary>Which alias signs the tenant's messages, and how (alias, keyReference, algorithm).</summary>
    public Task SetSignerAsync(object signer) => SendAsync(HttpMethod.Put, TenantRoutes.Signer, signer);

    /// <summary>Imports a partner's certificate under <paramref name="alias"/>, unless that alias exists already.</summary>
    public async Task ImportAsync(string alias, X509Certificate2 certificate)
    {
        using var existing = await Admin.GetAsync(TenantRoutes.Entry(alias));
        if (existing.IsSuccessStatusCode) return;
        await SendAsync(HttpMethod.Post, TenantRoutes.Certificates, new { alias, certificate = certificate.ExportCertificatePem() });
    }

    public async Task<X509Certificate2> CertificateAsync(string alias) =>
        X509CertificateLoader.LoadCertificate(await Admin.GetByteArrayAsync(TenantRoutes.Certificate(alias, "der")));

    /// <summary>Posts <paramref name="envelope"/> as sent, anonymously as a partner does: the status and the exact bytes of the answer.</summary>
    public async Task<(int Status, byte[] Body)> PostAsync(SoapVersion version, byte[] envelope)
    {
        using var anonymous = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = SoapHttp.Request(Endpoint, version, envelope);
        using var response = await anonymous.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _host.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    private async Task SendAsync(HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await Admin.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
