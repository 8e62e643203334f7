using System.Text.Json;
using Rotation.Drill.Admin;
using Rotation.Drill.Services;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;

namespace Rotation.Drill.Soak;

/// <summary>
/// Overlap rotations back to back under steady traffic, with the tenant-service and the sender-client as two
/// processes: no request may fail, and neither process's memory may keep growing.
/// </summary>
public sealed class SoakRunner(TextWriter output, TimeProvider time)
{
    public async Task<SoakReport> RunAsync(SoakSettings settings, CancellationToken ct)
    {
        output.WriteLine($"soak: {settings.Rotations} overlap rotations at {settings.Rate:0.#} requests/s (concurrency {settings.Concurrency}), tenant and sender as separate processes");
        await using var processes = await ProcessServices.StartAsync(settings.InitialKey, settings.Rate, settings.Concurrency, ct);
        var services = processes.Services;
        output.WriteLine($"tenant-service pid {processes.Tenant.ProcessId} at {services.TenantAdmin}, sender-client pid {processes.Sender.ProcessId} at {services.SenderAdmin}");
        var drillSettings = new DrillSettings { Rate = settings.Rate, Concurrency = settings.Concurrency, Phase = settings.Dwell };
        using var tenant = services.OpenTenant(drillSettings, time);
        using var sender = new SenderAdmin(services.SenderAdmin, services.SenderToken);
        var runner = new ProcedureRunner(tenant, sender, drillSettings, new DrillConsole(TextWriter.Null, new DrillClock(time)));

        var memory = new List<MemorySample>();
        var rotations = new List<RotationSample>();
        var startedAt = time.GetUtcNow();
        var current = 0;
        await sender.ResetStatisticsAsync(ct);
        await sender.StartTrafficAsync(settings.Rate, settings.Concurrency, ct);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = SampleAsync(processes, memory, () => current, startedAt, sampling.Token);
        try
        {
            for (current = 1; current <= settings.Rotations; current++)
            {
                var began = time.GetUtcNow();
                var context = await runner.PrepareAsync(ProcedureMode.Overlap, ct);
                var records = new List<StepRecord>();
                await runner.PlayStepsAsync(RenewalProcedure.Steps(ProcedureMode.Overlap, Scenario.Correct), context, Scenario.Correct, records, ct);
                var failed = records.FirstOrDefault(r => r.Outcome != StepOutcome.Done);
                var sample = new RotationSample(current, Math.Round((time.GetUtcNow() - began).TotalSeconds, 3), failed is null,
                    failed is null ? null : $"step {failed.Number} ({failed.Sentence}) {failed.Outcome}: {failed.Detail}");
                rotations.Add(sample);
                var statistics = await sender.StatisticsAsync(ct);
                MemorySample? last;
                lock (memory) last = memory.LastOrDefault();
                output.WriteLine($"rotation {current,3}/{settings.Rotations}: {sample.Seconds,6:0.00} s {(sample.Passed ? "ok  " : "FAIL")} · {statistics.Traffic.Totals.Requests} requests, {statistics.Traffic.Totals.Failed} failed" +
                    (last is null ? "" : $" · tenant {last.TenantBytes / 1048576.0:0} MiB, sender {last.SenderBytes / 1048576.0:0} MiB"));
                if (!sample.Passed)
                {
                    output.WriteLine($"  {sample.Failure}");
                    break;
                }
            }
            await Task.Delay(drillSettings.Phase, time, ct);
        }
        finally
        {
            await sender.StopTrafficAsync(CancellationToken.None);
            await sampling.CancelAsync();
            try { await sampler; } catch (OperationCanceledException) { }
        }

        var finishedAt = time.GetUtcNow();
        var totals = (await sender.StatisticsAsync(ct)).Traffic.Totals;
        IReadOnlyList<MemorySample> samples;
        lock (memory) samples = memory.ToList();
        return new SoakReport
        {
            Settings = settings,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Rotations = rotations,
            RotationSeconds = Distribution.Of(rotations.Select(r => r.Seconds).ToList()),
            Requests = totals.Requests,
            Verified = totals.Verified,
            Rejected = totals.Rejected,
            SoapFaults = totals.SoapFaults,
            TransportErrors = totals.TransportErrors,
            Memory = samples,
            Invariants = SoakReport.Check(settings, rotations, totals.Requests, totals.Failed, totals.RejectedByReason, samples),
        };
    }

    public void Summarise(SoakReport report)
    {
        var d = report.RotationSeconds;
        output.WriteLine();
        output.WriteLine("== Soak summary");
        output.WriteLine($"{report.Rotations.Count} rotations in {(report.FinishedAt - report.StartedAt).TotalSeconds:0} s; {report.Requests} requests ({report.RequestsPerSecond:0} /s), {report.Verified} verified, {report.Failed} failed");
        output.WriteLine($"rotation time (s): min {d.Min:0.00}, p50 {d.P50:0.00}, p90 {d.P90:0.00}, p99 {d.P99:0.00}, max {d.Max:0.00}, mean {d.Mean:0.00}");
        foreach (var invariant in report.Invariants)
            output.WriteLine($"  [{(invariant.Holds ? "held" : "BROKEN")}] {invariant.Name}: {invariant.Detail}");
        output.WriteLine(report.Passed ? "RESULT: the soak held." : "RESULT: the soak broke an invariant.");
    }

    public static async Task<string> WriteAsync(SoakReport report, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "soak-report.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, DrillReport.Json), ct);
        return path;
    }

    private async Task SampleAsync(ProcessServices processes, List<MemorySample> memory, Func<int> rotation, DateTimeOffset startedAt, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var sample = new MemorySample(Math.Round((time.GetUtcNow() - startedAt).TotalSeconds, 1), rotation(),
                processes.Tenant.ResidentBytes(), processes.Sender.ResidentBytes());
            lock (memory) memory.Add(sample);
            await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
        }
    }
}
