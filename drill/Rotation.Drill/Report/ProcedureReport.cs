using Rotation.Drill.Admin;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;

namespace Rotation.Drill.Report;

/// <summary>What one run of one procedure did and whether it kept the procedure's promises.</summary>
public sealed record ProcedureReport
{
    public required string Mode { get; init; }
    public required string Scenario { get; init; }
    public required string Lesson { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required string Alias { get; init; }
    public required string OldFingerprint { get; init; }
    public string? NewFingerprint { get; init; }
    public DateTimeOffset? ExchangedAt { get; init; }
    public DateTimeOffset? FirstSignedWithNewAt { get; init; }
    public DateTimeOffset? LastSignedWithOldAt { get; init; }
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
    public long RequestsDuringDowntime { get; init; }
    public long SignedWithOldAfterExchange { get; init; }
    public HistoryInfo? RetiredKey { get; init; }
    public required IReadOnlyList<StepRecord> Steps { get; init; }
    public required IReadOnlyList<TimelineInterval> Timeline { get; init; }
    public required IReadOnlyList<Invariant> Invariants { get; init; }
    public bool Passed => Invariants.All(i => i.Holds);

    public static ProcedureReport Build(ProcedureMode mode, Scenario scenario, DrillContext context, IReadOnlyList<StepRecord> steps,
        TrafficStatisticsInfo traffic, IReadOnlyList<HistoryInfo> history, long signedWithOldAfterExchange, DateTimeOffset startedAt, DateTimeOffset finishedAt)
    {
        var old = traffic.ByFingerprint.FirstOrDefault(f => f.Fingerprint == context.OldFingerprint);
        var renewed = context.NewFingerprint is null ? null : traffic.ByFingerprint.FirstOrDefault(f => f.Fingerprint == context.NewFingerprint);
        var downtime = context.PausedAt is { } paused ? ((context.ResumedAt ?? finishedAt) - paused).TotalSeconds : 0;
        var duringDowntime = context.SentAtPause is { } atPause && context.SentAtResume is { } atResume ? atResume - atPause : 0;
        var retired = history.FirstOrDefault(h => h.Fingerprint == context.OldFingerprint);

        var report = new ProcedureReport
        {
            Mode = mode.ToString().ToLowerInvariant(),
            Scenario = ScenarioNames.Name(scenario),
            Lesson = ScenarioNames.Lesson(scenario),
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Alias = context.Alias,
            OldFingerprint = context.OldFingerprint,
            NewFingerprint = context.NewFingerprint,
            ExchangedAt = context.ExchangedAt,
            FirstSignedWithNewAt = renewed?.FirstVerifiedAt,
            LastSignedWithOldAt = old?.LastVerifiedAt,
            DowntimeSeconds = Math.Round(downtime, 3),
            MaxDowntimeSeconds = context.Settings.MaxDowntime.TotalSeconds,
            Requests = traffic.Totals.Requests,
            VerifiedOld = old?.Verified ?? 0,
            VerifiedNew = renewed?.Verified ?? 0,
            Rejected = traffic.Totals.Rejected,
            SoapFaults = traffic.Totals.SoapFaults,
            TransportErrors = traffic.Totals.TransportErrors,
            RejectedByReason = traffic.Totals.RejectedByReason,
            RequestsDuringDowntime = duringDowntime,
            SignedWithOldAfterExchange = signedWithOldAfterExchange,
            RetiredKey = retired,
            Steps = steps,
            Timeline = BuildTimeline(traffic, context, startedAt),
            Invariants = [],
        };
        return report with { Invariants = CheckInvariants(mode, report) };
    }

    internal static IReadOnlyList<TimelineInterval> BuildTimeline(TrafficStatisticsInfo traffic, DrillContext context, DateTimeOffset startedAt) =>
        traffic.Series.OrderBy(s => s.Second).Select(s =>
        {
            var old = s.VerifiedBy.GetValueOrDefault(context.OldFingerprint);
            var renewed = context.NewFingerprint is null ? 0 : s.VerifiedBy.GetValueOrDefault(context.NewFingerprint);
            return new TimelineInterval(Math.Round((s.Second - startedAt).TotalSeconds, 3), old, renewed, s.Verified - old - renewed,
                s.Rejected + s.SoapFaults + s.TransportErrors, s.Paused);
        }).ToList();

    private static IReadOnlyList<Invariant> CheckInvariants(ProcedureMode mode, ProcedureReport r)
    {
        var list = new List<Invariant>
        {
            new("every step done and its check held", r.Steps.All(s => s.Outcome == StepOutcome.Done),
                string.Join("; ", r.Steps.Where(s => s.Outcome != StepOutcome.Done).Select(s => $"step {s.Number} {s.Outcome}: {s.Detail}")) is { Length: > 0 } bad ? bad : $"{r.Steps.Count} steps"),
            new("traffic ran", r.Requests > 0 && r.VerifiedOld > 0, $"{r.Requests} requests, {r.VerifiedOld} verified with the old key"),
            new("no rejected or failed request", r.Failed == 0,
                r.Failed == 0 ? $"{r.Requests} requests, all verified" : $"{r.Rejected} rejected ({string.Join(", ", r.RejectedByReason.Select(p => $"{p.Value}× {p.Key}"))}), {r.SoapFaults} SOAP faults, {r.TransportErrors} transport errors"),
            new("the new key signs after the exchange", r.VerifiedNew > 0, $"{r.VerifiedNew} responses verified with the new key"),
            new("old key pair kept in the key history with its retirement time", r.RetiredKey is not null,
                r.RetiredKey is { } k ? $"history entry {k.Id}, retired {k.RetiredAt:O}, purgeable from {k.PurgeableFrom:yyyy-MM-dd}" : "no history entry for the old key"),
        };
        if (mode == ProcedureMode.Single)
        {
            list.Add(new("no request sent during the downtime", r.RequestsDuringDowntime == 0 && r.DowntimeSeconds > 0,
                r.DowntimeSeconds > 0 ? $"{r.RequestsDuringDowntime} requests sent while stopped" : "the sender never stopped"));
            list.Add(new("downtime within its budget", r.DowntimeSeconds > 0 && r.DowntimeSeconds <= r.MaxDowntimeSeconds,
                $"{r.DowntimeSeconds:0.00} s of at most {r.MaxDowntimeSeconds:0.#} s"));
            list.Add(new("no response signed with the old key after the exchange", r.SignedWithOldAfterExchange == 0 && r.ExchangedAt is not null,
                r.ExchangedAt is null ? "the tenant never exchanged" : $"{r.SignedWithOldAfterExchange} messages signed with the old key after {r.ExchangedAt:HH:mm:ss.fff}"));
        }
        return list;
    }
}
