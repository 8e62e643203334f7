using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Rotation.Drill.Admin;
using Rotation.Drill.Services;
using Rotation.Sender.Traffic;
using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;
using Rotation.Shared.Certificates;
using Rotation.Sender.Contracts;
using Rotation.Hosting.Storage;

namespace Rotation.Drill.Load;

/// <summary>
/// End-to-end load over loopback against a tenant-service process: unsigned and signed throughput in one run
/// (the ratio is the cost of signing), latency at a fixed rate, the sender's WCF client verifying every response,
/// how fast an exchange reaches the responses, then the same tenant with inbound verification required (every
/// request signed, verified and its response signed: the ratio to sign only is the cost of verifying), and peak memory.
/// </summary>
public sealed class LoadBenchmark(TextWriter output)
{
    public async Task<LoadReport> RunAsync(LoadSettings settings, CancellationToken ct)
    {
        // Measured first, while no tenant runs: the bare private-key operations that bound any signer.
        var rawSigning = await RawSigningPhase.MeasureAsync(settings.InitialKey, settings.Duration / 2, ct);
        output.WriteLine($"raw {settings.InitialKey.Format()} signing, {Environment.ProcessorCount} threads: {rawSigning:0} signatures/s");

        PhaseResult unsigned;
        long unsignedPeak;
        await using (var tenant = await StartTenantAsync(settings, sign: false, ct))
        {
            using var client = new SoapLoadClient(Endpoint(tenant.Process), settings.Concurrency);
            unsigned = await LoadPhases.ClosedLoopAsync("tenant, signing off", c => client.SendAsync(Stopwatch.GetTimestamp(), c), settings.Concurrency, settings.Duration, ct);
            Print(unsigned);
            unsignedPeak = tenant.Process.PeakResidentBytes();
        }

        await using var signedTenant = await StartTenantAsync(settings, sign: true, ct);
        using var load = new SoapLoadClient(Endpoint(signedTenant.Process), settings.Concurrency);
        var signed = await LoadPhases.ClosedLoopAsync("tenant, signing on", c => load.SendAsync(Stopwatch.GetTimestamp(), c), settings.Concurrency, settings.Duration, ct);
        Print(signed);
        var (atRate, _) = await LoadPhases.OpenLoopAsync($"tenant, signing on, {settings.LatencyRate:0}/s", (due, c) => load.SendAsync(due, c), settings.LatencyRate, settings.Duration, ct);
        Print(atRate);
        var sender = await SenderPhaseAsync(signedTenant, settings, ct);
        Print(sender);
        var (visibleAfter, stale) = await ExchangeVisibilityAsync(signedTenant, load, settings, ct);
        output.WriteLine($"exchange: first response signed with the new key {visibleAfter:0.0} ms after the acknowledgement; {stale} old-key responses to later requests");
        var (verified, verifiedAtRate) = await InboundPhasesAsync(signedTenant, settings, ct);
        Print(verified);
        Print(verifiedAtRate);

        return new LoadReport
        {
            Settings = settings,
            RawSigningPerSecond = rawSigning,
            Unsigned = unsigned,
            Signed = signed,
            SenderVerified = sender,
            SignedAtRate = atRate,
            VerifiedAndSigned = verified,
            VerifiedAtRate = verifiedAtRate,
            ExchangeVisibleAfterMs = Math.Round(visibleAfter, 2),
            OldKeyAfterExchange = stale,
            TenantPeakBytesUnsigned = unsignedPeak,
            TenantPeakBytesSigned = signedTenant.Process.PeakResidentBytes(),
            GeneratorPeakBytes = Process.GetCurrentProcess().PeakWorkingSet64,
        };
    }

    public void Summarise(LoadReport report)
    {
        static string Mb(long bytes) => $"{bytes / 1048576.0:0} MiB";
        output.WriteLine();
        output.WriteLine("== Load summary (loopback, this machine)");
        output.WriteLine("| phase | requests/s | p50 ms | p99 ms | failed | cores busy |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var p in report.Phases)
            output.WriteLine($"| {p.Name} | {p.PerSecond:0} | {p.P50Ms:0.0} | {p.P99Ms:0.0} | {p.Failed} | {(p.CpuBusy is { } busy ? busy.ToString("P0", System.Globalization.CultureInfo.InvariantCulture) : "–")} |");
        output.WriteLine($"signed / unsigned = {report.SignedToUnsignedRatio:P1}; the ceiling set by {report.RawSigningPerSecond:0} raw {report.Settings.InitialKey.Format()} signatures/s " +
            $"on these cores is {report.SignedCeilingRatio:P1} (each response needs one private-key operation on the cores the unsigned phase kept " +
            $"{report.Unsigned.CpuBusy?.ToString("P0", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} busy), so the signer reaches {report.ShareOfCeiling:P0} of what is possible");
        output.WriteLine($"verify+sign / sign only = {report.VerifiedToSignedRatio:P1} (each request verified with a {report.Settings.InitialKey.Format()} sender key, then its response signed)");
        output.WriteLine($"peak RSS: tenant unsigned {Mb(report.TenantPeakBytesUnsigned)}, tenant signed {Mb(report.TenantPeakBytesSigned)}, load generator + sender client {Mb(report.GeneratorPeakBytes)}");
        foreach (var target in report.Targets)
            output.WriteLine($"  [{(target.Holds ? "met" : "MISSED")}] {target.Name}: {target.Detail}");
    }

    public static async Task<string> WriteAsync(LoadReport report, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "load-report.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Report.DrillReport.Json), ct);
        return path;
    }

    /// <summary>The sender's real WCF client with its verifying encoder, closed loop: every response verified against the trusted certificate.</summary>
    private static async Task<PhaseResult> SenderPhaseAsync(TenantProcess tenant, LoadSettings settings, CancellationToken ct)
    {
        var pem = await tenant.Admin.CertificatePemAsync((await tenant.Admin.SignerStepAsync(ct)).Alias, ct);
        var trust = TrustStore.InMemory(TrustMode.Single, [X509Certificate2.CreateFromPem(pem)]);
        await using var client = new OrderClient(new OrderClientOptions { Endpoint = Endpoint(tenant.Process) }, trust, TimeProvider.System);
        long sequence = 0;
        async Task<LoadSample> SendAsync(CancellationToken c)
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                var result = await client.SubmitOrderAsync(OrderSender.CreateRequest(Interlocked.Increment(ref sequence), "LOAD"), c);
                return new LoadSample(sent, sent, Stopwatch.GetTimestamp(), result.Verification.IsValid, result.Verification.Fingerprint);
            }
            catch (Exception e) when (e is System.ServiceModel.CommunicationException or TimeoutException)
            {
                return new LoadSample(sent, sent, Stopwatch.GetTimestamp(), false, null);
            }
        }
        return await LoadPhases.ClosedLoopAsync("sender WCF client, verifying", SendAsync, settings.Concurrency, settings.Duration, ct);
    }

    /// <summary>
    /// The signing tenant with inbound verification required: a sender certificate (a key like the tenant's) imported
    /// and listed, then the closed loop and the fixed rate with requests signed by that sender.
    /// </summary>
    private static async Task<(PhaseResult ClosedLoop, PhaseResult AtRate)> InboundPhasesAsync(TenantProcess tenant, LoadSettings settings, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        using var senderKey = CertificateFactory.CreateSelfSigned("CN=Load Sender, O=Rotation", settings.InitialKey, now.AddMinutes(-5), now.AddDays(1));
        await tenant.Admin.ImportCertificateAsync("load-sender", senderKey.ExportCertificatePem(), ct);
        await tenant.Admin.SetInboundVerificationAsync(required: true, ["load-sender"], ct);
        using var request = new SignedLoadRequest(senderKey);
        using var load = new SoapLoadClient(Endpoint(tenant.Process), settings.Concurrency, request.Current);
        var verified = await LoadPhases.ClosedLoopAsync("tenant, verifying and signing", c => load.SendAsync(Stopwatch.GetTimestamp(), c), settings.Concurrency, settings.Duration, ct);
        var (atRate, _) = await LoadPhases.OpenLoopAsync($"tenant, verifying and signing, {settings.LatencyRate:0}/s", (due, c) => load.SendAsync(due, c), settings.LatencyRate, settings.Duration, ct);
        return (verified, atRate);
    }

    /// <summary>Traffic at the fixed rate; halfway, the alias is exchanged. Who signed each response tells when the switch reached the wire.</summary>
    private static async Task<(double VisibleAfterMs, int Stale)> ExchangeVisibilityAsync(TenantProcess tenant, SoapLoadClient load, LoadSettings settings, CancellationToken ct)
    {
        var signer = await tenant.Admin.SignerStepAsync(ct);
        var entry = await tenant.Admin.EntryAsync(signer.Alias, ct);
        var next = await tenant.Admin.CreateKeyPairAsync(signer.Alias + "-next", "CN=Load Next, O=Rotation", entry.KeyAlgorithm, entry.KeySize, ct);
        long acknowledged = 0;
        var (_, samples) = await LoadPhases.OpenLoopAsync("exchange under load", (due, c) => load.SendAsync(due, c), settings.LatencyRate, TimeSpan.FromSeconds(Math.Max(2, settings.Duration.TotalSeconds / 2)), ct,
            midway: async () =>
            {
                await tenant.Admin.ExchangeAsync(signer.Alias, signer.Alias + "-next", ct);
                acknowledged = Stopwatch.GetTimestamp();
            });
        var firstNew = samples.Where(s => s.Fingerprint == next.Fingerprint).Select(s => s.CompletedTicks).DefaultIfEmpty(long.MaxValue).Min();
        var stale = samples.Count(s => s.SentTicks > acknowledged && s.Fingerprint == entry.Fingerprint);
        var visibleAfter = firstNew == long.MaxValue ? double.PositiveInfinity : (firstNew - acknowledged) * 1000.0 / Stopwatch.Frequency;
        return (visibleAfter, stale);
    }

    private static Uri Endpoint(ServiceProcess tenant) => DrillServiceRequest.EndpointOf(tenant.BaseAddress);

    private void Print(PhaseResult p) =>
        output.WriteLine($"{p.Name}: {p.PerSecond:0} responses/s over {p.Seconds:0.0} s, p50 {p.P50Ms:0.0} ms, p99 {p.P99Ms:0.0} ms, {p.Failed} failed");

    private static async Task<TenantProcess> StartTenantAsync(LoadSettings settings, bool sign, CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("rotation-load-").FullName;
        var token = SecretFile.NewSecret();
        var port = ServiceProcess.FreePort();
        var process = await ServiceProcess.StartAsync(sign ? "tenant-service (signing)" : "tenant-service (not signing)", "Rotation.Tenant.dll",
            ["--urls", $"http://127.0.0.1:{port}", "--data-dir", root, "--initial-key", settings.InitialKey.Format(), "--sign-responses", sign ? "true" : "false"],
            new Dictionary<string, string> { ["ROTATION_ADMIN_TOKEN"] = token, ["Logging__LogLevel__Default"] = "Warning" }, port, ct);
        return new TenantProcess(process, new TenantAdmin(process.BaseAddress, token), root);
    }

    private sealed record TenantProcess(ServiceProcess Process, TenantAdmin Admin, string Root) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            await Process.DisposeAsync();
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
        }
    }
}
