using Rotation.Drill.Admin;
using Rotation.Drill.Dashboard;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;

namespace Rotation.Drill.Running;

/// <summary>
/// Runs one renewal procedure under live traffic: sets the sender up to trust the current key, starts
/// traffic, plays every step with its check, then gathers what both sides saw into a <see cref="ProcedureReport"/>.
/// Progress goes to the <see cref="DrillConsole"/>: steps from here, one traffic line per second from <see cref="TrafficWatch"/>.
/// Interrupted (the token cancelled: Ctrl+C), it stops traffic and still reports what it saw, marked as interrupted.
/// The <see cref="IDrillObserver"/> (--dashboard) is told the same moments: steps from here, closed seconds from the watch.
/// </summary>
public sealed class ProcedureRunner(TenantAdmin tenant, SenderAdmin sender, Uri tenantEndpoint, DrillSettings settings, DrillConsole console,
    IDrillObserver? observer = null)
{
    private readonly IDrillObserver _observer = observer ?? IDrillObserver.None;
    private readonly List<string> _createdAliases = [];
    private readonly DrillClock _clock = console.Clock;

    /// <summary>Renewal key pairs this runner created; the ones never exchanged are deleted when the drill restores the tenant.</summary>
    public IReadOnlyCollection<string> CreatedAliases => _createdAliases;

    /// <returns>The report, or null when interrupted before the procedure began.</returns>
    public async Task<ProcedureReport?> RunAsync(ProcedureMode mode, Scenario scenario, CancellationToken ct)
    {
        var title = $"{mode.ToString().ToLowerInvariant()} procedure" + (scenario == Scenario.Correct ? "" : $" — rehearsed mistake: {ScenarioNames.Name(scenario)}");
        console.Begin(title);
        var steps = RenewalProcedure.Steps(mode, scenario);
        DrillContext context;
        try
        {
            await TakeOverTrafficAsync(ct);
            context = await PrepareAsync(mode, ct);
            steps = ProfileSteps.Apply(steps, context.SenderProfile);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        console.Line($"tenant alias '{context.Alias}' signs with {context.Short(context.OldFingerprint)} ({context.KeyAlgorithm} {context.KeySize}); " +
            $"sender trusts it ({mode.ToString().ToLowerInvariant()} mode)");
        if (context.SenderProfile is { Strict: false } profile)
            console.Line($"sender profile {profile.Profile}: {profile.Behaviour}" + (profile.CachesTrust ? $"; the drill waits {profile.CacheLifetimeSeconds:0.###} s after each trust change before relying on it" : ""));

        var records = new List<StepRecord>();
        var interrupted = false;
        DateTimeOffset startedAt;
        await sender.ResetStatisticsAsync(CancellationToken.None);
        await sender.StartTrafficAsync(settings.Rate, settings.Concurrency, CancellationToken.None);
        startedAt = _clock.Now;
        console.Line($"traffic started: {settings.Rate:0.#} requests/s, concurrency {settings.Concurrency}");
        _observer.ProcedureStarted(mode, scenario, steps, startedAt, _clock.Offset(startedAt));
        var watch = TrafficWatch.Start(sender, context, console, startedAt, _observer);
        try
        {
            await ObserveAsync(ct, settings.Phase);
            await PlayStepsAsync(steps, context, scenario, records, ct);
            if (Paused(context))
            {
                // Never leave the sender stopped, whatever happened above.
                await sender.ResumeAsync(ct);
                context.ResumedAt ??= _clock.Now;
            }
            await ObserveAsync(ct, settings.Phase);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            interrupted = true;
            console.Line("interrupted: stopping traffic");
            for (var i = records.Count; i < steps.Count; i++)
            {
                records.Add(Record(i + 1, steps[i], _clock.Now, _clock.Now, StepOutcome.Skipped, "not done: the drill was interrupted"));
                _observer.StepEnded(records[^1]);
            }
        }
        finally
        {
            if (context.NewAlias is { } created) _createdAliases.Add(created);
            await sender.StopTrafficAsync(CancellationToken.None);
            await watch.StopAsync();
        }
        var finishedAt = _clock.Now;
        if (interrupted && Paused(context)) context.ResumedAt = finishedAt;

        // What both sides saw is gathered even after Ctrl+C: a partial report is still a report.
        using var gather = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        if (!interrupted) await KeepClosingSamplesAsync(context, gather.Token);
        var statistics = await sender.StatisticsAsync(gather.Token);
        var history = await tenant.HistoryAsync(context.Alias, gather.Token);
        long signedWithOldAfterExchange = context.ExchangedAt is { } exchanged
            ? await tenant.CountSignedWithAsync(context.OldFingerprint, exchanged, gather.Token)
            : 0;
        var report = ProcedureReport.Build(new ProcedureRun(mode, scenario, context, records, statistics.Traffic, history, signedWithOldAfterExchange,
            startedAt, finishedAt, interrupted, _clock));
        _observer.ProcedureFinished(report);
        return report;
    }

    /// <summary>Plays the steps in order; in the procedure as written a failed check stops the administrators, a rehearsed mistake goes on to show its effect.</summary>
    public async Task PlayStepsAsync(IReadOnlyList<DrillStep> steps, DrillContext context, Scenario scenario, List<StepRecord> records, CancellationToken ct)
    {
        var aborted = false;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (aborted)
            {
                records.Add(Record(i + 1, step, _clock.Now, _clock.Now, StepOutcome.Skipped, "not done: an earlier check failed"));
                _observer.StepEnded(records[^1]);
                continue;
            }
            console.StepStarted(i + 1, steps.Count, step);
            _observer.StepStarted(i + 1, step, _clock.Offset(_clock.Now));
            var record = await PlayAsync(i + 1, step, context, ct);
            if (step.ChangesTrust && record.Outcome == StepOutcome.Done) context.TrustChangedAt = record.FinishedAt;
            records.Add(record);
            console.StepEnded(record);
            _observer.StepEnded(record);
            if (record.Outcome != StepOutcome.Done && scenario == Scenario.Correct) aborted = true;
            if (!step.Observe) continue;
            if (!Paused(context)) await ObserveAsync(ct, settings.Phase);
            else if (!context.DowntimeWatched)
            {
                // Once per downtime the drill watches a little, so the chart shows the gap, but never spends the budget on it.
                context.DowntimeWatched = true;
                await ObserveAsync(ct, Min(settings.Phase, settings.MaxDowntime / 4));
            }
        }
    }

    /// <summary>Before the renewal: the sender trusts exactly the certificate the tenant signs with, in the procedure's trust mode, and nothing else sends.</summary>
    public async Task<DrillContext> PrepareAsync(ProcedureMode mode, CancellationToken ct)
    {
        var signer = await tenant.SignerStepAsync(ct);
        if (signer.Fingerprint is null) throw new AdminCallFailed($"tenant: the signer step's alias '{signer.Alias}' holds no key pair");
        if (!string.Equals(signer.AliasHeader, settings.AliasHeader, StringComparison.OrdinalIgnoreCase))
            await tenant.SetAliasHeaderAsync(settings.AliasHeader, [signer.Alias], ct);
        var entry = await tenant.EntryAsync(signer.Alias, ct);
        var pem = await tenant.CertificatePemAsync(signer.Alias, ct);

        var profile = await sender.ProfileAsync(ct);
        var trust = await sender.TrustAsync(ct);
        var revisionAsFound = trust.Revision;
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

        if (profile.CachesTrust && trust.Revision != revisionAsFound)
        {
            // A sender that caches its trust store verifies with what it loaded until the copy expires: wait before the first probe.
            console.Line($"sender profile {profile.Profile}: waiting {profile.CacheLifetimeSeconds:0.###} s until the sender applies the prepared trust");
            await Task.Delay(profile.CacheLifetime, _clock.Time, ct);
        }

        var context = new DrillContext(tenant, sender, tenantEndpoint, settings, _clock.Time)
        {
            SenderProfile = profile,
            Alias = signer.Alias,
            OldFingerprint = entry.Fingerprint,
            OldSubject = entry.Subject,
            KeyAlgorithm = entry.KeyAlgorithm,
            KeySize = entry.KeySize,
            OldCertificatePem = pem,
            Signer = signer,
        };
        var signedWithOld = await tenant.CallFlowSignedWithAsync(tenantEndpoint, settings.AliasHeader, signer.Alias, ct);
        await context.KeepSampleAsync("old-key", "signed with the old key, before the renewal", signedWithOld, ct);
        return context;
    }

    /// <summary>A sender that is already sending is taken over: its run stops here and starts again when the drill restores it (<see cref="AsFound"/>).</summary>
    private async Task TakeOverTrafficAsync(CancellationToken ct)
    {
        var traffic = await sender.TrafficAsync(ct);
        if (traffic.Running)
        {
            await sender.StopTrafficAsync(ct);
            console.Line($"sender was already sending ({traffic.Rate:0.#}/s): taken over; its run starts again when the drill ends");
        }
        if (traffic.Paused) await sender.ResumeAsync(ct);
    }

    /// <summary>After the exchange the tenant signs with the new key under its alias: keep one such response if the steps did not.</summary>
    private async Task KeepClosingSamplesAsync(DrillContext context, CancellationToken ct)
    {
        if (context.ExchangedAt is null || context.Samples.ContainsKey("new-key")) return;
        var signed = await tenant.CallFlowSignedWithAsync(tenantEndpoint, settings.AliasHeader, context.Alias, ct);
        await context.KeepSampleAsync("new-key", "signed with the new key, after the exchange", signed, ct);
    }

    private async Task<StepRecord> PlayAsync(int number, DrillStep step, DrillContext context, CancellationToken ct)
    {
        var started = _clock.Now;
        try
        {
            var detail = await step.Act(context, ct);
            return Record(number, step, started, _clock.Now, StepOutcome.Done, detail);
        }
        catch (StepCheckFailed e)
        {
            return Record(number, step, started, _clock.Now, StepOutcome.CheckFailed, e.Message);
        }
        catch (AdminCallFailed e)
        {
            return Record(number, step, started, _clock.Now, StepOutcome.Error, e.Message);
        }
    }

    private StepRecord Record(int number, DrillStep step, DateTimeOffset started, DateTimeOffset finished, StepOutcome outcome, string detail) =>
        new(number, step.Role, step.Sentence, started, finished, outcome, detail)
        {
            StartedOffset = Math.Round(_clock.Offset(started), 3),
            FinishedOffset = Math.Round(_clock.Offset(finished), 3),
        };

    /// <summary>Lets traffic run for one phase so the effect of the last step shows in the timeline (the watch prints what the sender sees).</summary>
    private Task ObserveAsync(CancellationToken ct, TimeSpan phase) => phase <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(phase, _clock.Time, ct);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static bool Paused(DrillContext context) => context.PausedAt is not null && context.ResumedAt is null;
}
