using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Rotation.Tenant.Tests.Support;

/// <summary>The tenant as its own process, started the way an operator starts it.</summary>
public sealed class ChildTenant : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private ChildTenant(Process process, Uri baseAddress)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTenant.Token);
    }

    public int ProcessId => _process.Id;

    public static async Task<ChildTenant> StartAsync(string dataDir, string initialKey = "EC-256")
    {
        var process = Process.Start(StartInfo(dataDir, initialKey))!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                await process.WaitForExitAsync(timeout.Token);
                throw new InvalidOperationException($"the tenant exited ({process.ExitCode}) before it listened: {await stderr}");
            }
            const string marker = "rotation-tenant: listening on ";
            if (!line.StartsWith(marker, StringComparison.Ordinal)) continue;
            _ = DrainAsync(process.StandardOutput);
            return new ChildTenant(process, new Uri(line[marker.Length..line.IndexOf(';', StringComparison.Ordinal)]));
        }
    }

    /// <summary>
    /// Runs a tenant process that is expected to refuse to start, with further options and environment variables:
    /// its exit code and what it wrote to stderr.
    /// </summary>
public static async Task<(int ExitCode, string Error)> RunUntilExitAsync(string dataDir, string[]? arguments = null, IReadOnlyDictionary<string, string>? environment = null)
{
    var start = StartInfo(dataDir, "EC-256");
    foreach (var argument in arguments ?? []) start.ArgumentList.Add(argument);
    foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    try
    {
        await process.WaitForExitAsync(timeout.Token);
    }
    catch (OperationCanceledException)
    {
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"the tenant did not exit within 60 s: {await stdout}");
    }
    return (process.ExitCode, await stderr);
}

private static ProcessStartInfo StartInfo(string dataDir, string initialKey)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Rotation.Tenant.dll"), "--urls", "http://127.0.0.1:0", "--data-dir", dataDir, "--initial-key", initialKey })
        start.ArgumentList.Add(arg);
    start.Environment["ROTATION_ADMIN_TOKEN"] = TestTenant.Token;
    return start;
}

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

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        _http.Dispose();
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null) { }
    }
}
