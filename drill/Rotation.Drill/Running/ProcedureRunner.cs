using Rotation.Sender.Contracts;
using Rotation.Tenant.Contracts;
using Rotation.Drill.Admin;
using Rotation.Drill.Dashboard;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Tenants;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Running;

/// <summary>
/// Runs one renewal procedure under live traffic: sets the sender up to trust the current key, starts
/// traffic, plays every step with its check, then gathers what both sides saw into a <see cref="ProcedureReport"/>.
/// Progress goes to the <see cref="DrillConsole"/>: steps from here, one traffic line per second from <see cref="TrafficWatch"/>.
/// Interrupted (the token cancelled: Ctrl+C), it stops traffic and still reports what it saw, marked as interrupted.
/// The <see cref="IDrillObserver"/> (--dashboard) is told the same moments: steps from here, closed seconds from the watch.
/// </summary>
public sealed class ProcedureRunner(ITenantAdministration tenant, SenderAdmin sender, DrillSettings settings, DrillConsole console,
    IDrillObserver? observer = null)
{
    private readonly IDrillObserver _observer = observer ?? IDrillObserver.None;
    private readonly List<string> _createdAliases = [];
    private readonly List<string> _createdSenderAliases = [];
    private readonly DrillClock _clock = console.Clock;

    // With --ca test: the CA the sender trusts and, for the other-ca mistake, one it does not; made once per drill.
    private TestCertificateAuthority? _ca, _otherCa;

    /// <summary>Renewal key pairs this runner created; the ones never exchanged are deleted when the drill restores the tenant.</summary>
    public IReadOnlyCollection<string> CreatedAliases => _createdAliases;

    /// <summary>Key pairs this runner created on the sender (--case verify-request); one never exchanged stays, and the restore says so.</summary>
    public IReadOnlyCollection<string> CreatedSenderAliases => _createdSenderAliases;

    /// <returns>The report, or null when interrupted before the procedure began.</returns>
    public Task<ProcedureReport?> RunAsync(ProcedureMode mode, Scenario scenario, CancellationToken ct) => RunAsync(RenewalCase.SignResponse, mode, scenario, ct);

    /// <param name="mode">The sign-response case's procedure; verify-request has one.</param>
    /// <returns>The report, or null when interrupted before the procedure began.</returns>
    public async Task<ProcedureReport?> RunAsync(RenewalCase renewalCase, ProcedureMode mode, Scenario scenario, CancellationToken ct)
    {
        var name = renewalCase == RenewalCase.VerifyRequest ? RenewalCaseNames.Name(renewalCase) : mode.ToString().ToLowerInvariant();
        var title = $"{name} procedure" + (scenario == Scenario.Correct ? "" : $" — rehearsed mistake: {ScenarioNames.Name(scenario)}");
        console.Begin(title);
        var steps = RenewalProcedure.Steps(renewalCase, mode, scenario, settings.Ca);
        DrillContext context;
        try
        {
            await TakeOverTrafficAsync(ct);
            context = await PrepareAsync(mode, ct, scenario, renewalCase);
            if (renewalCase == RenewalCase.VerifyRequest) context.SenderKey = await PrepareSenderKeyAsync(ct);
            steps = ProfileSteps.Apply(steps, context.SenderProfile);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        console.Line($"tenant alias '{context.Alias}' signs with {context.Short(context.OldFingerprint)} ({context.KeyAlgorithm} {context.KeySize}); " +
            (context.Ca is { } ca ? $"sender trusts the CA {ca.Certificate.Subject}, no certificate pinned (revocation not checked)" : $"sender trusts it ({mode.ToString().ToLowerInvariant()} mode)"));
        if (context.SenderKey is { } senderKey)
            console.Line($"sender signs its requests with '{senderKey.SigningAlias}' ({context.Short(senderKey.Old.Fingerprint)}, {senderKey.Old.Algorithm}); " +
                $"the tenant verifies them (inbound verification required) with the certificate under '{senderKey.OldTenantAlias}'");
        if (context.SenderProfile is { Kind: not SenderProfileKind.Strict } profile)
            console.Line($"sender profile {profile.Profile}: {profile.Behaviour}" + (profile.Kind == SenderProfileKind.CachedTrust ? $"; the drill waits {profile.CacheLifetimeSeconds:0.###} s after each trust change before relying on it" : ""));

        var records = new List<StepRecord>();
        var interrupted = false;
        DateTimeOffset startedAt;
        await sender.ResetStatisticsAsync(CancellationToken.None);
        await sender.StartTrafficAsync(settings.Rate, settings.Concurrency, CancellationToken.None);
        startedAt = _clock.Now;
        console.Line($"traffic started: {settings.Rate:0.#} requests/s, concurrency {settings.Concurrency}");
        _observer.ProcedureStarted(mode, scenario, steps, startedAt, _clock.Offset(startedAt), name);
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
            if (context.SenderKey?.NewSenderAlias is { } createdOnSender) _createdSenderAliases.Add(createdOnSender);
            await sender.StopTrafficAsync(CancellationToken.None);
            await watch.StopAsync();
        }
        var finishedAt = _clock.Now;
        if (interrupted && Paused(context)) context.ResumedAt = finishedAt;

        // What both sides saw is gathered even after Ctrl+C: a partial report is still a report.
        using var gather = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        if (!interrupted) await KeepClosingSamplesAsync(context, gather.Token);
        var statistics = await sender.StatisticsAsync(gather.Token);
        // Verify-request renews the sender's key: its old key pair is in the sender's key history.
        var retired = context.SenderKey is { } renewedSender
            ? renewedSender.Retired is { } r ? new HistoryInfo(r.Id, r.Alias, r.Fingerprint, r.Subject, r.RetiredAt, r.PurgeableFrom) : null
            : await tenant.RetiredKeyAsync(context.Alias, context.OldFingerprint, gather.Token);
        long? signedWithOldAfterExchange = context.ExchangedAt is { } exchanged
            ? await tenant.SignedWithAfterAsync(context.OldFingerprint, exchanged, gather.Token)
            : 0;
        var inbound = context.SenderKey is { } renewal ? await InboundReportAsync(renewal, gather.Token) : null;
        var report = ProcedureReport.Build(new ProcedureRun(mode, scenario, context, records, statistics.Traffic, retired, signedWithOldAfterExchange,
            startedAt, finishedAt, interrupted, _clock) { Deployment = await DeploymentOfAsync(context), Case = renewalCase, Inbound = inbound });
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
    /// <param name="renewalCase">Verify-request takes no unsigned sample of the flow: a tenant that already requires signed requests refuses it.</param>
    public async Task<DrillContext> PrepareAsync(ProcedureMode mode, CancellationToken ct, Scenario scenario = Scenario.Correct, RenewalCase renewalCase = RenewalCase.SignResponse)
    {
        var current = await tenant.SigningKeyAsync(ct);
        await tenant.PrepareAsync(current, ct);
        if (settings.Ca == CertificateIssuer.TestCa) current = await PrepareCaAsync(current, ct);
        var pem = current.CertificatePem;

        var profile = await sender.ProfileAsync(ct);
        var trust = await sender.TrustAsync(ct);
        var revisionAsFound = trust.Revision;
        if (_ca is not null)
        {
            // CA trust: the sender trusts the CA alone, so that the procedure shows it needs no trust change.
            if (!trust.HoldsAuthority(CertificateInfo.Fingerprint(_ca.Certificate))) trust = await sender.AddAuthorityAsync(CaSteps.Pem(_ca), ct);
            if (trust.Mode != TrustMode.Overlap) trust = await sender.SetModeAsync(TrustMode.Overlap, ct);
            foreach (var pinned in trust.Certificates.ToList()) trust = await sender.RemoveAsync(pinned.Fingerprint, ct);
            return await ContextAsync(current, trust, revisionAsFound, profile, scenario == Scenario.OtherCa ? OtherCa() : _ca, true, ct);
        }
        var wanted = mode == ProcedureMode.Overlap ? TrustMode.Overlap : TrustMode.Single;
        if (trust.Mode != wanted)
        {
            if (mode == ProcedureMode.Single && trust.Certificates.Count > 1) trust = await sender.ExchangeAsync(pem, ct);
            trust = await sender.SetModeAsync(wanted, ct);
        }
        if (mode == ProcedureMode.Single)
        {
            if (trust.Certificates.Count != 1 || !trust.Holds(current.Fingerprint)) trust = await sender.ExchangeAsync(pem, ct);
        }
        else
        {
            if (!trust.Holds(current.Fingerprint)) trust = await sender.AddAsync(pem, ct);
            foreach (var other in trust.Certificates.Where(c => c.Fingerprint != current.Fingerprint).ToList())
                trust = await sender.RemoveAsync(other.Fingerprint, ct);
        }

        return await ContextAsync(current, trust, revisionAsFound, profile, null, renewalCase == RenewalCase.SignResponse, ct);
    }

    /// <summary>
    /// --case verify-request (docs/DESIGN.md §10): the sender signs its requests, and the tenant requires them signed
    /// by a certificate under a listed alias, the sender's current one among them (imported when the tenant does not
    /// hold it yet). Other listed aliases are kept: they are other senders'. <see cref="InboundAsFound"/> puts both back.
    /// </summary>
    private async Task<SenderRenewal> PrepareSenderKeyAsync(CancellationToken ct)
    {
        var inbound = (tenant as AdminApiTenant)?.Inbound
            ?? throw new AdminCallFailed("the renewal of the sender's key changes the flow's public key aliases, which only the tenant's admin API can (--tenant-api admin)");
        var keystore = await sender.KeystoreAsync(ct);
        var old = keystore.SigningKeyPair() ?? throw new AdminCallFailed($"sender: no key pair under its signing alias '{keystore.SigningAlias}'");
        if (!keystore.Signing.Enabled) await sender.SetRequestSigningAsync(true, keystore.Signing.KeyReference, ct);
        var view = await inbound.ViewAsync(ct);
        var holding = view.Certificates.FirstOrDefault(c => c.Imported && c.Fingerprint == old.Fingerprint)?.Alias
            ?? (await inbound.EntriesAsync(ct)).FirstOrDefault(e => e.Fingerprint == old.Fingerprint && e.Kind == EntryKind.Certificate)?.Alias;
        if (holding is null)
        {
            holding = $"{keystore.SigningAlias}-{_clock.Now:yyyyMMdd-HHmmss}";
            await inbound.ImportCertificateAsync(holding, old.CertificatePem, ct);
        }
        var others = view.PublicKeyAliases.Where(a => a != holding).ToList();
        if (!view.IsRequired() || !view.PublicKeyAliases.Contains(holding)) await inbound.SetAsync(true, [.. others, holding], ct);
        var deployed = await DeploymentWatch.FollowAsync(tenant, _clock.Now, settings.DeployTimeout, _clock.Time, ct);
        if (!deployed.Complete) throw new AdminCallFailed($"tenant: not every node deployed the drill's inbound verification within {settings.DeployTimeout.TotalSeconds:0.#} s: {deployed.Describe()}");
        return new SenderRenewal(inbound)
        {
            SigningAlias = keystore.SigningAlias, Old = old, OldTenantAlias = holding, OtherAliases = others, PreparedAt = _clock.Now,
        };
    }

    /// <summary>What the tenant's message log says of the sender's certificates and the requests it refused since the drill prepared the renewal.</summary>
    private async Task<InboundReport> InboundReportAsync(SenderRenewal renewal, CancellationToken ct)
    {
        var old = await renewal.Inbound.UseAsync(renewal.Old.Fingerprint, renewal.PreparedAt, ct);
        var renewed = renewal.NewFingerprint is { } fingerprint ? await renewal.Inbound.UseAsync(fingerprint, renewal.PreparedAt, ct) : null;
        var refused = await renewal.Inbound.RejectedSinceAsync(renewal.PreparedAt, ct);
        return InboundReport.Of(renewal, old, renewed, refused, settings.DeliveryWindow);
    }

    private async Task<DrillContext> ContextAsync(SigningKey current, TrustStoreView trust, long revisionAsFound, ProfileView profile, TestCertificateAuthority? issuing,
        bool sample, CancellationToken ct)
    {
        if (profile.Kind == SenderProfileKind.CachedTrust && trust.Revision != revisionAsFound)
        {
            // A sender that caches its trust store verifies with what it loaded until the copy expires: wait before the first probe.
            console.Line($"sender profile {profile.Profile}: waiting {profile.CacheLifetimeSeconds:0.###} s until the sender applies the prepared trust");
            await Task.Delay(profile.CacheLifetime(), _clock.Time, ct);
        }
        var context = new DrillContext(tenant, sender, settings, _clock.Time)
        {
            SigningKey = current, SenderProfile = profile, Ca = _ca, Issuing = issuing, TrustRevisionAtStart = trust.Revision,
        };
        if (sample)
        {
            var signedWithOld = await tenant.CallFlowAsync(null, ct);
            await context.KeepSampleAsync("old-key", "signed with the old key, before the renewal", signedWithOld, ct);
        }
        return context;
    }

    /// <summary>
    /// --ca test: the drill's test CA signs the CSR of the key pair the tenant signs with now and the chain is imported
    /// onto it (same key, a CA-issued certificate), so old and new certificate both come from the CA.
    /// </summary>
    private async Task<SigningKey> PrepareCaAsync(SigningKey current, CancellationToken ct)
    {
        var admin = DrillContext.AdminApiOf(tenant);
        var now = _clock.Time.GetUtcNow();
        _ca ??= TestCertificateAuthority.Create("CN=Rotation Drill Test CA, O=Rotation", now.AddMinutes(-5), TimeSpan.FromDays(5 * 365));
        var entry = await admin.EntryAsync(current.Alias, ct);
        if (entry.Chain.Count == 1 && entry.Chain[0] == _ca.Certificate.Subject && entry.Issuer == _ca.Certificate.Subject) return current;
        var csr = await admin.SigningRequestAsync(current.Alias, ct);
        using var issued = _ca.Sign(csr, now.AddMinutes(-5), TimeSpan.FromDays(397));
        await admin.ImportChainAsync(current.Alias, _ca.ChainPem(issued), ct);
        console.Line($"test CA {_ca.Certificate.Subject} created; it signed the CSR of '{current.Alias}' and the chain is imported (same key pair)");
        return await tenant.SigningKeyAsync(ct);
    }

    private TestCertificateAuthority OtherCa() =>
        _otherCa ??= TestCertificateAuthority.Create("CN=Rotation Drill Other CA, O=Rotation", _clock.Time.GetUtcNow().AddMinutes(-5), TimeSpan.FromDays(5 * 365));

    /// <summary>A sender that is already sending is taken over: its run stops here and starts again when the drill restores it (<see cref="AsFound"/>).</summary>
    private async Task TakeOverTrafficAsync(CancellationToken ct)
    {
        var traffic = await sender.TrafficAsync(ct);
        if (traffic.HasRun())
        {
            await sender.StopTrafficAsync(ct);
            console.Line($"sender was already sending ({traffic.Rate:0.#}/s): taken over; its run starts again when the drill ends");
        }
        if (traffic.Paused) await sender.ResumeAsync(ct);
    }

    /// <summary>How the exchange reached the nodes; null when there was none, or the watch was interrupted.</summary>
    private static async Task<Deployment?> DeploymentOfAsync(DrillContext context)
    {
        if (context.Deployment is not { } following) return null;
        try
        {
            return await following;
        }
        catch (Exception e) when (e is OperationCanceledException or AdminCallFailed or HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>After the exchange the tenant signs with the new key under its alias: keep one such response if the steps did not.</summary>
    private async Task KeepClosingSamplesAsync(DrillContext context, CancellationToken ct)
    {
        if (context.ExchangedAt is null || context.Samples.ContainsKey("new-key")) return;
        var signed = await tenant.CallFlowAsync(null, ct);
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
        catch (AdminCallFailed e) when (e is not AccessRefused)
        {
            return Record(number, step, started, _clock.Now, StepOutcome.Error, e.Message);
        }
    }

    private StepRecord Record(int number, DrillStep step, DateTimeOffset started, DateTimeOffset finished, StepOutcome outcome, string detail) =>
        new(number, step.Role, step.Sentence, started, finished, outcome, detail)
        {
            StartedOffset = Math.Round(_clock.Offset(started), 3),
            FinishedOffset = Math.Round(_clock.Offset(finished), 3),
            CheckOnly = step.CheckOnly,
        };

    /// <summary>Lets traffic run for one phase so the effect of the last step shows in the timeline (the watch prints what the sender sees).</summary>
    private Task ObserveAsync(CancellationToken ct, TimeSpan phase) => phase <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(phase, _clock.Time, ct);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static bool Paused(DrillContext context) => context.PausedAt is not null && context.ResumedAt is null;
}
