using Rotation.Drill.Admin;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Report;

/// <summary>What one run of one procedure did and whether it kept the procedure's promises.</summary>
public sealed record ProcedureReport
{
    /// <summary>The procedure's name: its mode in the sign-response case (overlap, single), the case's name for verify-request, which has one.</summary>
    public required string Mode { get; init; }
    /// <summary>The renewal case (--case): sign-response or verify-request.</summary>
    public string Case { get; init; } = RenewalCaseNames.Name(RenewalCase.SignResponse);
    /// <summary>--case verify-request: the sender's certificates' use and the requests the tenant refused (docs/DESIGN.md §10).</summary>
    public InboundReport? Inbound { get; init; }
    public required string Scenario { get; init; }
    public required string Lesson { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    /// <summary>Seconds from the drill's origin: the same clock as the console and every other time in the report.</summary>
    public required double StartedOffset { get; init; }
    public required double FinishedOffset { get; init; }
    /// <summary>Ctrl+C stopped this procedure: what is here is what it saw until then.</summary>
    public bool Interrupted { get; init; }
    public required string Alias { get; init; }
    public required string OldFingerprint { get; init; }
    public string? NewFingerprint { get; init; }
    public required SigningSettings Signing { get; init; }
    public required IReadOnlyList<CertificateView> Certificates { get; init; }
    public DateTimeOffset? ExchangedAt { get; init; }
    public DateTimeOffset? FirstSignedWithOldAt { get; init; }
    public DateTimeOffset? LastSignedWithOldAt { get; init; }
    public DateTimeOffset? FirstSignedWithNewAt { get; init; }
    public DateTimeOffset? LastSignedWithNewAt { get; init; }
    public DateTimeOffset? PausedAt { get; init; }
    public DateTimeOffset? ResumedAt { get; init; }
    public double DowntimeSeconds { get; init; }
    public required double MaxDowntimeSeconds { get; init; }
    public long Requests { get; init; }
    public long VerifiedOld { get; init; }
    public long VerifiedNew { get; init; }
    public long Rejected { get; init; }
    public long SoapFaults { get; init; }
    public long TransportErrors { get; init; }
    public long Failed => Rejected + SoapFaults + TransportErrors;
    public required IReadOnlyDictionary<string, long> RejectedByReason { get; init; }
    /// <summary>Every kind of failure with the verifier's (or transport's) own message, its count and its first and last time.</summary>
    public required IReadOnlyList<ErrorStatistics> Errors { get; init; }
    public long RequestsDuringDowntime { get; init; }
    /// <summary>From the tenant's message log; null when its face has none (/api/v1), and the sender's view is used instead.</summary>
    public long? SignedWithOldAfterExchange { get; init; }
    /// <summary>The exchange by rename: how long the alias was empty and what failed meanwhile; null for an exchange in one change.</summary>
    public RenameWindowReport? RenameWindow { get; init; }
    /// <summary>How the exchange reached every tenant node (docs/DESIGN.md §8): per node, seconds from the acknowledged exchange to deployed.</summary>
    public Deployment? Propagation { get; init; }
    /// <summary>Rejected responses by the tenant node that signed them (its X-Rotation-Node header) and reason.</summary>
    public IReadOnlyList<NodeRejections> RejectedByNode { get; init; } = [];
    public HistoryInfo? RetiredKey { get; init; }
    public required IReadOnlyList<StepRecord> Steps { get; init; }
    public required IReadOnlyList<TimelineInterval> Timeline { get; init; }
    public required IReadOnlyList<SampleResponse> Samples { get; init; }
    public required IReadOnlyList<Invariant> Invariants { get; init; }
    public bool Passed => Invariants.All(i => i.Holds);
    public required ProcedureVerdict Verdict { get; init; }
    public required string VerdictDetail { get; init; }
    /// <summary>The sender profile the procedure ran against and what it changed (docs/DESIGN.md §13).</summary>
    public ProfileReport? SenderProfile { get; init; }
    /// <summary>The expiry scenario: when the signing certificate expired and when the rejections began (docs/DESIGN.md §13).</summary>
    public ExpiryReport? Expiry { get; init; }

    public static ProcedureReport Build(ProcedureRun run)
    {
        var (context, traffic, clock) = (run.Context, run.Traffic, run.Clock);
        var old = traffic.ByFingerprint.FirstOrDefault(f => f.Fingerprint == context.OldFingerprint);
        var renewed = context.NewFingerprint is null ? null : traffic.ByFingerprint.FirstOrDefault(f => f.Fingerprint == context.NewFingerprint);
        var downtime = context.PausedAt is { } paused ? ((context.ResumedAt ?? run.FinishedAt) - paused).TotalSeconds : 0;
        var duringDowntime = context.SentAtPause is { } atPause && context.SentAtResume is { } atResume ? atResume - atPause : 0;
        var certificates = context.SenderKey is { } senderKey ? SenderCertificates(senderKey) : TenantCertificates(context);
        var samples = context.Samples.Values.OrderBy(s => s.CapturedAt).ToList();

        var report = new ProcedureReport
        {
            Mode = run.Case == RenewalCase.VerifyRequest ? RenewalCaseNames.Name(run.Case) : run.Mode.ToString().ToLowerInvariant(),
            Case = RenewalCaseNames.Name(run.Case),
            Inbound = run.Inbound,
            Scenario = ScenarioNames.Name(run.Scenario),
            Lesson = ScenarioNames.Lesson(run.Scenario, run.Case),
            StartedAt = run.StartedAt,
            FinishedAt = run.FinishedAt,
            StartedOffset = Math.Round(clock.Offset(run.StartedAt), 3),
            FinishedOffset = Math.Round(clock.Offset(run.FinishedAt), 3),
            Interrupted = run.Interrupted,
            Alias = context.Alias,
            OldFingerprint = context.OldFingerprint,
            NewFingerprint = context.NewFingerprint,
            Signing = SignedResponseAlgorithms.Settings(context, samples.FirstOrDefault(s => s.Name == "old-key")),
            Certificates = certificates,
            ExchangedAt = context.ExchangedAt,
            FirstSignedWithOldAt = old?.FirstVerifiedAt,
            LastSignedWithOldAt = old?.LastVerifiedAt,
            FirstSignedWithNewAt = renewed?.FirstVerifiedAt,
            LastSignedWithNewAt = renewed?.LastVerifiedAt,
            PausedAt = context.PausedAt,
            ResumedAt = context.PausedAt is null ? null : context.ResumedAt ?? run.FinishedAt,
            DowntimeSeconds = Math.Round(downtime, 3),
            MaxDowntimeSeconds = context.Settings.MaxDowntime.TotalSeconds,
            Requests = traffic.Totals.Requests,
            // Verify-request: requests the tenant verified with the sender's old and new certificate.
            VerifiedOld = run.Inbound?.Old.Verified ?? old?.Verified ?? 0,
            VerifiedNew = run.Inbound is { } inbound ? inbound.New?.Verified ?? 0 : renewed?.Verified ?? 0,
            Rejected = traffic.Totals.Rejected,
            SoapFaults = traffic.Totals.SoapFaults,
            TransportErrors = traffic.Totals.TransportErrors,
            RejectedByReason = traffic.Totals.RejectedByReason,
            Errors = traffic.Errors,
            RequestsDuringDowntime = duringDowntime,
            SignedWithOldAfterExchange = run.SignedWithOldAfterExchange,
            Propagation = run.Deployment is { } deployment
                ? deployment with { Nodes = [.. deployment.Nodes.Select(n => n with { DeployedOffset = n.DeployedAt is { } at ? Math.Round(clock.Offset(at), 3) : null })] }
                : null,
            RejectedByNode = traffic.Totals.RejectedByNode,
            RetiredKey = run.RetiredKey,
            RenameWindow = context.RenameWindow is { } window ? RenameWindowReport.Of(window, traffic.Errors, clock) : null,
            Expiry = context.ShortLivedUntil is { } notAfter ? ExpiryReport.Of(notAfter, traffic.Errors) : null,
            Steps = run.Steps,
            Timeline = BuildTimeline(traffic.Series, context, run.StartedAt, run.FinishedAt, clock),
            Samples = samples,
            Invariants = [],
            Verdict = ProcedureVerdict.Passed,
            VerdictDetail = "",
        };
        var checkedReport = report with { Invariants = run.Inbound is { } seen ? InboundInvariants.Check(report, seen) : CheckInvariants(run.Mode, report) };
        var (verdict, detail) = ProcedureVerdicts.Judge(run.Scenario, checkedReport);
        var judged = checkedReport with { Verdict = verdict, VerdictDetail = detail };
        return judged with { SenderProfile = ProfileReport.Of(context.SenderProfile, judged) };
    }

    private static List<CertificateView> TenantCertificates(DrillContext context)
    {
        var certificates = new List<CertificateView> { CertificateView.Of("old", context.OldCertificatePem, context.KeyAlgorithm, context.KeySize) };
        if (context.NewCertificatePem is { } pem) certificates.Add(CertificateView.Of("new", pem, context.KeyAlgorithm, context.Settings.KeySize ?? context.KeySize));
        return certificates;
    }

    /// <summary>Verify-request: the sender's old certificate and the one it handed over.</summary>
    private static List<CertificateView> SenderCertificates(SenderRenewal renewal)
    {
        var algorithm = Rotation.Shared.Certificates.KeyAlgorithmText.TryParse(renewal.Old.Algorithm, out var parsed) ? parsed : (Rotation.Shared.Certificates.KeyAlgorithm?)null;
        var (family, size) = algorithm is { } a ? (Rotation.Shared.Certificates.KeyAlgorithmText.IsEc(a) ? "EC" : "RSA", Rotation.Shared.Certificates.KeyAlgorithmText.KeySize(a)) : (renewal.Old.Algorithm, 0);
        var certificates = new List<CertificateView> { CertificateView.Of("sender-old", renewal.Old.CertificatePem, family, size) };
        if (renewal.NewCertificatePem is { } pem) certificates.Add(CertificateView.Of("sender-new", pem, family, size));
        return certificates;
    }

    /// <summary>
    /// The sender's whole seconds, clipped to the procedure's own start and end. The live page (--dashboard) draws
    /// each second through here as it closes, so what it shows during the run is what the report will say.
    /// </summary>
    internal static IReadOnlyList<TimelineInterval> BuildTimeline(IEnumerable<SecondStatistics> series, DrillContext context, DateTimeOffset startedAt, DateTimeOffset finishedAt, DrillClock clock) =>
        series.OrderBy(s => s.Second)
            .Where(s => s.Second.AddSeconds(1) > startedAt && s.Second < finishedAt)
            .Select(s =>
            {
                var old = s.VerifiedBy.GetValueOrDefault(context.OldFingerprint);
                var renewed = context.NewFingerprint is null ? 0 : s.VerifiedBy.GetValueOrDefault(context.NewFingerprint);
                var from = s.Second < startedAt ? startedAt : s.Second;
                var to = s.Second.AddSeconds(1) > finishedAt ? finishedAt : s.Second.AddSeconds(1);
                return new TimelineInterval(Math.Round(clock.Offset(from), 3), Math.Round(clock.Offset(to), 3), old, renewed, s.Verified - old - renewed,
                    s.Rejected + s.SoapFaults + s.TransportErrors, s.Paused, s.LatencyMs);
            })
            .Where(t => t.Seconds > 0)
            .ToList();

    private static IReadOnlyList<Invariant> CheckInvariants(ProcedureMode mode, ProcedureReport r)
    {
        var list = new List<Invariant>
        {
            new(InvariantKind.EveryStepHeld, "every step done and its check held", r.Steps.All(s => s.Outcome == StepOutcome.Done),
                string.Join("; ", r.Steps.Where(s => s.Outcome != StepOutcome.Done).Select(s => $"step {s.Number} {s.Outcome}: {s.Detail}")) is { Length: > 0 } bad ? bad : $"{r.Steps.Count} steps"),
            new(InvariantKind.TrafficRan, "traffic ran", r.Requests > 0 && r.VerifiedOld > 0, $"{r.Requests} requests, {r.VerifiedOld} verified with the old key"),
            NothingRejected(r),
            new(InvariantKind.NewKeySigns, "the new key signs after the exchange", r.VerifiedNew > 0, $"{r.VerifiedNew} responses verified with the new key"),
            new(InvariantKind.OldKeyInHistory, "old key pair kept with its retirement time", r.RetiredKey is not null,
                r.RetiredKey is { } k ? $"'{k.Alias}' ({k.Id}), retired {k.RetiredAt:O}" + (k.PurgeableFrom is { } purge ? $", purgeable from {purge:yyyy-MM-dd}" : "") : "the tenant kept no entry of the old key pair"),
        };
        if (mode == ProcedureMode.Single)
        {
            list.Add(new(InvariantKind.NothingSentDuringDowntime, "no request sent during the downtime", r.RequestsDuringDowntime == 0 && r.DowntimeSeconds > 0,
                r.DowntimeSeconds > 0 ? $"{r.RequestsDuringDowntime} requests sent while stopped" : "the sender never stopped"));
            list.Add(new(InvariantKind.DowntimeWithinBudget, "downtime within its budget", r.DowntimeSeconds > 0 && r.DowntimeSeconds <= r.MaxDowntimeSeconds,
                $"{r.DowntimeSeconds:0.00} s of at most {r.MaxDowntimeSeconds:0.#} s"));
            list.Add(NoOldKeyAfterExchange(r));
        }
        return list;
    }

    /// <summary>Failures the rename window explains are the platform's behaviour, shown on their own (<see cref="RenameWindow"/>); any other is a broken promise.</summary>
    private static Invariant NothingRejected(ProcedureReport r)
    {
        var window = r.RenameWindow;
        var outside = r.Failed - (window?.FailedRequests ?? 0);
        var others = r.Errors.Where(e => window is null || !window.Failures.Contains(e)).ToList();
        var name = window is null ? "no rejected or failed request" : "no rejected or failed request outside the rename window";
        var detail = outside == 0
            ? $"{r.Requests} requests, all verified" + (window is { FailedRequests: > 0 } w ? $" but the {w.FailedRequests} that failed in the {w.Milliseconds:0.#} ms rename window" : "")
            : $"{r.Rejected} rejected, {r.SoapFaults} SOAP faults, {r.TransportErrors} transport errors" + (window is null ? "" : $" ({window.FailedRequests} of them in the rename window)")
              + ": " + string.Join("; ", others.Select(e => $"{e.Count}× {e.Code}: {e.Message}"))
              + (r.RejectedByNode.Count > 0 ? "; rejected by signing node: " + string.Join(", ", r.RejectedByNode.Select(n => $"{n.Node} {n.Count}× {n.Reason}")) : "");
        return new(InvariantKind.NothingRejected, name, outside == 0, detail);
    }

    /// <summary>The tenant's message log where its face has one; else the sender's view: no response verified with the old key after the exchange.</summary>
    private static Invariant NoOldKeyAfterExchange(ProcedureReport r)
    {
        const string name = "no response signed with the old key after the exchange";
        if (r.ExchangedAt is not { } exchanged) return new(InvariantKind.NoOldKeyAfterExchange, name, false, "the tenant never exchanged");
        if (r.SignedWithOldAfterExchange is { } logged)
            return new(InvariantKind.NoOldKeyAfterExchange, name, logged == 0, $"{logged} messages signed with the old key after {exchanged:HH:mm:ss.fff}");
        var late = r.LastSignedWithOldAt is { } last && last > exchanged;
        return new(InvariantKind.NoOldKeyAfterExchange, name, !late,
            $"sender's view (no message log through /api/v1): last response verified with the old key {(r.LastSignedWithOldAt is { } l ? l.ToString("HH:mm:ss.fff") : "never")}, exchange {exchanged:HH:mm:ss.fff}");
    }
}
