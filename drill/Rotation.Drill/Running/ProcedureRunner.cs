using Rotation.Drill.Admin;
using Rotation.Drill.Dashboard;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;

namespace Rotation.Drill.Running;

/// <summary>
/// Runs one renewal procedure under live traffic: sets the sender up to trust the current key, starts
/// traffic, plays every step with its check, then gathers what both sides saw into a <see cref="ProcedureReport"/>.
/// </summary>
public sealed class ProcedureRunner(TenantAdmin tenant, SenderAdmin sender, Uri tenantEndpoint, DrillSettings settings, DrillConsole console, TimeProvider time,
    IDrillObserver? observer = null)
{
    // Dashboard hook (--dashboard): told where steps start and end, traffic is polled and invariants are decided.
    private readonly IDrillObserver _observer = observer ?? IDrillObserver.None;

    public async Task<ProcedureReport> RunAsync(ProcedureMode mode, Scenario scenario, CancellationToken ct)
    {
        var title = $"{mode.ToString().ToLowerInvariant()} procedure" + (scenario == Scenario.Correct ? "" : $" — rehearsed mistake: {ScenarioNames.Name(scenario)}");
        console.Begin(title);
        var steps = RenewalProcedure.Steps(mode, scenario);
        var context = await PrepareAsync(mode, ct);
        console.Line($"tenant alias '{context.Alias}' signs with {context.Short(context.OldFingerprint)} ({context.KeyAlgorithm} {context.KeySize}); sender trusts it ({mode.ToString().ToLowerInvariant()} mode)");

        var startedAt = time.GetUtcNow();
        await sender.ResetStatisticsAsync(ct);
        await sender.StartTrafficAsync(settings.Rate, settings.Concurrency, ct);
        console.Line($"traffic started: {settings.Rate:0.#} requests/s, concurrency {settings.Concurrency}");
        _observer.ProcedureStarted(mode, scenario, steps, startedAt);
        var records = new List<StepRecord>();
        try
        {
            await ObserveAsync(context, ct);
            records.AddRange(await PlayStepsAsync(steps, context, scenario, ct));
            if (Paused(context))
            {
                // Never leave the sender stopped, whatever happened above.
                await sender.ResumeAsync(ct);
                context.ResumedAt ??= time.GetUtcNow();
            }
            await ObserveAsync(context, ct);
        }
        finally
        {
            await sender.StopTrafficAsync(CancellationToken.None);
        }
        var finishedAt = time.GetUtcNow();
        var statistics = await sender.StatisticsAsync(ct);
        var history = await tenant.HistoryAsync(context.Alias, ct);
        long signedWithOldAfterExchange = context.ExchangedAt is { } exchanged
            ? await tenant.CountSignedWithAsync(context.OldFingerprint, exchanged, ct)
            : 0;
        var report = ProcedureReport.Build(mode, scenario, context, records, statistics.Traffic, history, signedWithOldAfterExchange, startedAt, finishedAt);
        _observer.ProcedureFinished(report);
        return report;
    }

    /// <summary>Plays the steps in order; in the procedure as written a failed check stops the administrators, a rehearsed mistake goes on to show its effect.</summary>
    public async Task<IReadOnlyList<StepRecord>> PlayStepsAsync(IReadOnlyList<DrillStep> steps, DrillContext context, Scenario scenario, CancellationToken ct)
    {
        var records = new List<StepRecord>(steps.Count);
        var aborted = false;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (aborted)
            {
                var now = time.GetUtcNow();
                records.Add(new StepRecord(i + 1, step.Role, step.Sentence, now, now, StepOutcome.Skipped, "not done: an earlier check failed"));
                _observer.StepEnded(records[^1]);
                continue;
            }
            console.StepStarted(i + 1, steps.Count, step);
            _observer.StepStarted(i + 1, step, time.GetUtcNow());
            var record = await PlayAsync(i + 1, step, context, ct);
            records.Add(record);
            console.StepEnded(record);
            _observer.StepEnded(record);
            if (record.Outcome != StepOutcome.Done && scenario == Scenario.Correct) aborted = true;
            if (!step.Observe) continue;
            if (!Paused(context)) await ObserveAsync(context, ct, settings.Phase);
            else if (!context.DowntimeWatched)
            {
                // Once per downtime the drill watches a little, so the chart shows the gap, but never spends the budget on it.
                context.DowntimeWatched = true;
                await ObserveAsync(context, ct, Min(settings.Phase, settings.MaxDowntime / 4));
            }
        }
        return records;
    }

    /// <summary>Before the renewal: the sender trusts exactly the certificate the tenant signs with, in the procedure's trust mode.</summary>
    public async Task<DrillContext> PrepareAsync(ProcedureMode mode, CancellationToken ct)
    {
        var signer = await tenant.SignerStepAsync(ct);
        if (signer.Fingerprint is null) throw new AdminCallFailed($"tenant: the signer step's alias '{signer.Alias}' holds no key pair");
        if (!string.Equals(signer.AliasHeader, settings.AliasHeader, StringComparison.OrdinalIgnoreCase))
            await tenant.SetAliasHeaderAsync(settings.AliasHeader, ct);
        var entry = await tenant.EntryAsync(signer.Alias, ct);
        var pem = await tenant.CertificatePemAsync(signer.Alias, ct);

        var trust = await sender.TrustAsync(ct);
        var wanted = mode == ProcedureMode.Overlap ? "Overlap" : "Single";
        if (!string.Equals(trust.Mode, wanted, StringComparison.OrdinalIgnoreCase))
        {
            if (mode == ProcedureMode.Single && trust.Certificates.Count > 1) trust = await sender.ExchangeAsync(pem, ct);
            trust = await sender.SetModeAsync(wanted.ToLowerInvariant(), ct);
        }
        if (mode == ProcedureMode.Single)
        {
            if (trust.Certificates.Count != 1 || !trust.Holds(entry.Fingerprint)) trust = await sender.ExchangeAsync(pem, ct);
        }
        else
        {
            if (!trust.Holds(entry.Fingerprint)) trust = await sender.AddAsync(pem, ct);
            foreach (var other in trust.Certificates.Where(c => c.Fingerprint != entry.Fingerprint).ToList())
                trust = await sender.RemoveAsync(other.Fingerprint, ct);
        }

        return new DrillContext(tenant, sender, tenantEndpoint, settings, time)
        {
            Alias = signer.Alias,
            OldFingerprint = entry.Fingerprint,
            OldSubject = entry.Subject,
            KeyAlgorithm = entry.KeyAlgorithm,
            KeySize = entry.KeySize,
        };
    }

    private async Task<StepRecord> PlayAsync(int number, DrillStep step, DrillContext context, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        try
        {
            var detail = await step.Act(context, ct);
            return new StepRecord(number, step.Role, step.Sentence, started, time.GetUtcNow(), StepOutcome.Done, detail);
        }
        catch (StepCheckFailed e)
        {
            return new StepRecord(number, step.Role, step.Sentence, started, time.GetUtcNow(), StepOutcome.CheckFailed, e.Message);
        }
        catch (AdminCallFailed e)
        {
            return new StepRecord(number, step.Role, step.Sentence, started, time.GetUtcNow(), StepOutcome.Error, e.Message);
        }
    }

    /// <summary>Lets traffic run for one phase so the effect of the last step shows in the timeline, printing what the sender sees.</summary>
    private Task ObserveAsync(DrillContext context, CancellationToken ct) => ObserveAsync(context, ct, settings.Phase);

    private async Task ObserveAsync(DrillContext context, CancellationToken ct, TimeSpan phase)
    {
        var until = time.GetUtcNow() + phase;
        while (time.GetUtcNow() < until)
        {
            var wait = until - time.GetUtcNow();
            if (wait <= TimeSpan.Zero) break;
            await Task.Delay(wait < TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1), time, ct);
            var statistics = await sender.StatisticsAsync(ct);
            _observer.TrafficObserved(statistics.Traffic, context);
            var totals = statistics.Traffic.Totals;
            long By(string? fingerprint) => statistics.Traffic.ByFingerprint.FirstOrDefault(f => f.Fingerprint == fingerprint)?.Verified ?? 0;
            console.Traffic(totals.Requests, By(context.OldFingerprint), By(context.NewFingerprint), totals.Failed, statistics.Status.Paused);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static bool Paused(DrillContext context) => context.PausedAt is not null && context.ResumedAt is null;
}
