using System.Diagnostics;
using System.Globalization;
using Rotation.Shared.Tests.Support;

namespace Rotation.Benchmarks;

/// <summary>
/// The envelopes of <see cref="RejectionBenchmarks"/> timed by the processor time the process spends on them, not by
/// the clock: on cores shared with other work the clock counts the waiting too. Includes the garbage collector's work.
/// </summary>
internal static class CpuTimeReport
{
    public static void Run(TextWriter output)
    {
        using var certificate = RejectionBenchmarks.BenchCertificate();
        output.WriteLine("| envelope | bytes | reason | CPU per envelope | throughput (CPU) | wall per envelope |");
        output.WriteLine("|---|---:|---|---:|---:|---:|");
        foreach (var kind in RejectionBenchmarks.Kinds())
        {
            var (verifier, envelope, expected) = RejectionBenchmarks.Prepare(kind, certificate);
            var reason = verifier.Verify(envelope).Reason;
            if (reason != expected) throw new InvalidOperationException($"{kind}: expected {expected}, got {reason}");
            for (var i = 0; i < 20; i++) verifier.Verify(envelope);

            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var count = 0;
            while (wall.Elapsed < TimeSpan.FromSeconds(2) || count < 10)
            {
                verifier.Verify(envelope);
                count++;
            }
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count;
            var perSecond = kind == RejectionBenchmarks.Valid
                ? $"{1000 / cpu:N0} /s"
                : $"{HostileEnvelopes.Size / cpu / 1000:N0} MB/s";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind} | {envelope.Length:N0} | {reason} | {Format(cpu)} | {perSecond} | {Format(wall.Elapsed.TotalMilliseconds / count)} |"));
        }
    }

    private static string Format(double milliseconds) =>
        milliseconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds * 1000:0.0} µs") : string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.00} ms");
}
