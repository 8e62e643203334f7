using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Testing.Processes;

namespace Rotation.Tenant.Tests.Support;

/// <summary>The tenant as its own process, started the way an operator starts it.</summary>
public sealed class ChildTenant : IAsyncDisposable
{
    private const string ListeningMarker = "rotation-tenant: listening on ";

    private readonly RunningProcess _process;
    private readonly HttpClient _http;

    private ChildTenant(RunningProcess process, Uri baseAddress)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTenant.Token);
    }

    public int ProcessId => _process.ProcessId;

    public static async Task<ChildTenant> StartAsync(string dataDir, string initialKey = "EC-256")
    {
        var process = ChildProcess.Start(Command(dataDir, initialKey));
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith(ListeningMarker, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            return new ChildTenant(process, new Uri(line[ListeningMarker.Length..line.IndexOf(';', StringComparison.Ordinal)]));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs a tenant process that is expected to refuse to start, with further options and environment variables:
    /// its exit code and what it wrote to stderr.
    /// </summary>
    public static async Task<(int ExitCode, string Error)> RunUntilExitAsync(string dataDir, string[]? arguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var command = Command(dataDir, "EC-256", arguments ?? []).WithVariables(environment);
        var outcome = await ChildProcess.RunAsync(command);
        if (outcome.TimedOut) throw new InvalidOperationException("the tenant did not exit within 60 s\n" + outcome.Describe());
        return (outcome.ExitCode, outcome.StandardError);
    }

    private static ProcessCommand Command(string dataDir, string initialKey, params string[] more) =>
        ProcessCommand.Dotnet("Rotation.Tenant.dll", ["--urls", "http://127.0.0.1:0", "--data-dir", dataDir, "--initial-key", initialKey, .. more])
            .WithVariable("ROTATION_ADMIN_TOKEN", TestTenant.Token);

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<bool> SignsAsync()
    {
        var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(
            await _http.GetByteArrayAsync(TenantRoutes.Certificate("tenant-signing", "der")));
        var (status, body, response) = await Soap.SendAsync(_http, new Uri(_http.BaseAddress!, "cxf/orders"), SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "after-crash"));
        response.Dispose();
        return status == 200 && Soap.Verify(body, certificate).IsValid;
    }

    /// <summary>Kills the process as a crash would (no shutdown) and waits until it is gone.</summary>
    public Task KillAsync() => _process.KillAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _http.Dispose();
    }
}
