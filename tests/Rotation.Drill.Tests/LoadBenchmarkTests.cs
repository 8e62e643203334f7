using Rotation.Drill.Load;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>
/// The load benchmark's machinery on a short run: every phase really sends, nothing fails (with inbound verification
/// required too: every signed request verifies), the exchange reaches the wire and no later request is answered with
/// the old key. Speed targets are judged by the benchmark itself
/// (`drill load`), not here.
/// </summary>
public sealed class LoadBenchmarkTests(ITestOutputHelper log)
{
    [Fact]
    public async Task A_short_load_run_measures_every_phase_and_sees_the_exchange_on_the_wire()
    {
        var output = new StringWriter();
        var benchmark = new LoadBenchmark(output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        LoadReport report;
        try
        {
            report = await benchmark.RunAsync(new LoadSettings { Duration = TimeSpan.FromSeconds(1.5), Concurrency = 8, LatencyRate = 100, InitialKey = Rotation.Shared.Certificates.KeyAlgorithm.EcP256 }, timeout.Token);
            benchmark.Summarise(report);
        }
        finally
        {
            log.WriteLine(output.ToString());
        }

        Assert.Equal(6, report.Phases.Count);
        foreach (var phase in report.Phases)
        {
            Assert.True(phase.Requests > 20, $"{phase.Name}: {phase.Requests} requests");
            Assert.Equal(0, phase.Failed);
            Assert.True(phase.P99Ms >= phase.P50Ms && phase.P50Ms > 0, $"{phase.Name}: p50 {phase.P50Ms}, p99 {phase.P99Ms}");
        }
        Assert.InRange(report.SignedAtRate.Requests, 140, 160);
        Assert.InRange(report.VerifiedAtRate.Requests, 140, 160);
        Assert.InRange(report.VerifiedToSignedRatio, 0.01, 10);
        Assert.True(double.IsFinite(report.ExchangeVisibleAfterMs), "no response was ever signed with the new key");
        Assert.Equal(0, report.OldKeyAfterExchange);
        Assert.True(report.TenantPeakBytesSigned > 10 * 1024 * 1024 && report.TenantPeakBytesUnsigned > 10 * 1024 * 1024);
        Assert.Equal(7, report.Targets.Count);
        // The ceiling comes from a real measurement of bare EC signatures, which are far cheaper than a whole response.
        Assert.True(report.RawSigningPerSecond > report.Signed.PerSecond, $"raw {report.RawSigningPerSecond}/s, signed {report.Signed.PerSecond}/s");
        Assert.InRange(report.SignedCeilingRatio, 0.01, 0.999);
        Assert.Contains("signed / unsigned", output.ToString());
        Assert.Contains("verify+sign / sign only", output.ToString());
    }
}
