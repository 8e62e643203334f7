using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Tenant.Tests.Support;
using Xunit.Abstractions;

namespace Rotation.Tenant.Tests;

/// <summary>
/// The tenant process is killed (SIGKILL) while exchanges are being written. Each restart must load a
/// consistent keystore: every exchange that was acknowledged is in it, nothing is half-written.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper log)
{
    // CI kills 4 times; the long run is `ROTATION_CRASH_KILLS=50 dotnet test tests/Rotation.Tenant.Tests -c Release --filter CrashSafety`
    // (README). ROTATION_CRASH_SEED replays a run: the seed is printed with every run.
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("ROTATION_CRASH_KILLS"), out var kills) && kills > 0 ? kills : 4;

    [Fact]
    public async Task Killing_the_process_during_exchanges_never_loses_an_acknowledged_exchange()
    {
        var dir = TestTenant.NewDataDir();
        var acknowledgedRetired = new List<string>();
        var acknowledgedCurrent = new List<string>();
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ROTATION_CRASH_SEED"), out var given) ? given : Random.Shared.Next();
        log.WriteLine($"crash harness: {Rounds} kills, seed {seed} (ROTATION_CRASH_SEED={seed} replays the kill timings)");
        var random = new Random(seed);
        var exchangesKilledInto = 0;

        async Task ExchangeAsync(ChildTenant tenant, string alias, CancellationToken cancellationToken)
        {
            await tenant.PostAsync("/admin/keystore/entries/key-pairs", new { alias, keyAlgorithm = "EC", keySize = 256 }, cancellationToken);
            var exchanged = await tenant.PostAsync("/admin/keystore/entries/tenant-signing/exchange", new { fromAlias = alias }, cancellationToken);
            acknowledgedRetired.Add(exchanged.GetProperty("retired").GetProperty("fingerprint").GetString()!);
            acknowledgedCurrent.Add(exchanged.GetProperty("entry").GetProperty("fingerprint").GetString()!);
        }

        try
        {
            for (var round = 0; round <= Rounds; round++)
            {
                using var tenant = await ChildTenant.StartAsync(dir);
                var history = (await tenant.GetAsync("/admin/keystore/history")).EnumerateArray().Select(h => h.GetProperty("fingerprint").GetString()!).ToList();
                var current = (await tenant.GetAsync("/admin/keystore/entries/tenant-signing")).GetProperty("fingerprint").GetString()!;

                // Everything acknowledged before the kill survived, in order; an unacknowledged exchange may or may not have.
                Assert.Equal(acknowledgedRetired, history.Take(acknowledgedRetired.Count));
                Assert.True(history.Count - acknowledgedRetired.Count <= 1, $"{history.Count - acknowledgedRetired.Count} unacknowledged exchanges in history");
                if (history.Count == acknowledgedRetired.Count && acknowledgedCurrent.Count > 0) Assert.Equal(acknowledgedCurrent[^1], current);
                acknowledgedRetired.Clear();
                acknowledgedRetired.AddRange(history);
                acknowledgedCurrent.Add(current);
                Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
                Assert.Single(Directory.GetFiles(dir, "keystore.*.p12"));
                Assert.True(await tenant.SignsAsync(), "the reloaded key pair does not sign");
                if (round == Rounds)
                {
                    Assert.True(exchangesKilledInto > Rounds * 2, $"only {exchangesKilledInto} exchanges were attempted");
                    break;
                }

                var i = 0;
                // One exchange before the clock starts, so the kill does not only ever hit a cold process.
                await ExchangeAsync(tenant, $"r{round}-{i++}", CancellationToken.None);
                using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(200, 1200)));
                try
                {
                    while (true) await ExchangeAsync(tenant, $"r{round}-{i++}", stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // The kill comes while a request may still be in flight: that is the point.
                }
                tenant.Kill();
                exchangesKilledInto += i;
                log.WriteLine($"kill {round + 1}/{Rounds}: after {i} exchange attempts");
            }
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }

    /// <summary>The tenant as its own process, started the way an operator starts it.</summary>
    internal sealed class ChildTenant : IDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http;

        private ChildTenant(Process process, Uri baseAddress)
        {
            _process = process;
            _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTenant.Token);
        }

        public static async Task<ChildTenant> StartAsync(string dataDir, string initialKey = "EC-256")
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Rotation.Tenant.dll"), "--urls", "http://127.0.0.1:0", "--data-dir", dataDir, "--initial-key", initialKey })
                start.ArgumentList.Add(arg);
            start.Environment["ROTATION_ADMIN_TOKEN"] = TestTenant.Token;
            var process = Process.Start(start)!;
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
                await _http.GetByteArrayAsync("/admin/keystore/entries/tenant-signing/certificate?format=der"));
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
}
