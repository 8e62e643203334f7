using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Rotation.Shared.Admin;
using Rotation.Shared.Certificates;
using Microsoft.Extensions.Logging;
using Rotation.Tenant.Hosting;

namespace Rotation.Tenant.Tests.Support;

/// <summary>A tenant on real Kestrel at 127.0.0.1:0 with its own data directory, and clients for both its faces.</summary>
public sealed class TestTenant : IAsyncDisposable
{
    public const string Token = "test-admin-token-0123456789";

    /// <summary>The admin API's own JSON settings (camelCase, enums by name).</summary>
    public static JsonSerializerOptions Json => AdminJson.Options;

    private readonly bool _ownsDirectory;

    private TestTenant(TenantHost host, string dataDir, bool ownsDirectory)
    {
        Host = host;
        DataDir = dataDir;
        _ownsDirectory = ownsDirectory;
        Admin = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Anonymous = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Client = new TenantAdminClient(Anonymous, Token);
    }

    public TenantHost Host { get; }
    public string DataDir { get; }
    public HttpClient Admin { get; }
    public HttpClient Anonymous { get; }

    /// <summary>The typed admin client (Rotation.Tenant.Contracts), with the admin token.</summary>
    public TenantAdminClient Client { get; }
    public Uri Endpoint => Host.EndpointAddress;

    public static string NewDataDir() => Directory.CreateTempSubdirectory("rotation-tenant-test-").FullName;

    public static async Task<TestTenant> StartAsync(Func<TenantOptions, TenantOptions>? configure = null, TimeProvider? time = null, string? dataDir = null, ILoggerProvider? logs = null)
    {
        var owns = dataDir is null;
        dataDir ??= NewDataDir();
        var options = new TenantOptions
        {
            DataDir = dataDir,
            Urls = "http://127.0.0.1:0",
            AdminToken = Token,
            // RSA-2048 keeps start-up fast; the default (RSA 4096) is covered by its own test.
            InitialKeyAlgorithm = KeyAlgorithm.Rsa2048,
        };
        if (configure is not null) options = configure(options);
        var host = TenantHost.Build(options, time, logs);
        await host.StartAsync();
        return new TestTenant(host, dataDir, owns);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Admin.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> SendJsonAsync(HttpMethod method, string path, object body)
    {
        using var response = await Admin.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: Json) });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> CreateKeyPairAsync(string alias, string keyAlgorithm = "EC", int? keySize = 256, string? subject = null) =>
        SendJsonAsync(HttpMethod.Post, TenantRoutes.KeyPairs, new CreateKeyPairBody(alias, keyAlgorithm, keySize, subject, ValidityDays: 30));

    public async Task<X509Certificate2> CertificateAsync(string alias)
    {
        var der = await Admin.GetByteArrayAsync(TenantRoutes.Certificate(alias, "der"));
        return X509CertificateLoader.LoadCertificate(der);
    }

    public Task<JsonElement> SetSignerAsync(object body) => SendJsonAsync(HttpMethod.Put, TenantRoutes.Signer, body);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Anonymous.Dispose();
        await Host.DisposeAsync();
        if (_ownsDirectory) TryDelete(DataDir);
    }

    public static void TryDelete(string dataDir)
    {
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
