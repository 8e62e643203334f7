using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Tests;

/// <summary>Procedure reports written by hand, so the chart's geometry can be checked against numbers chosen to expose its mistakes.</summary>
internal static class SyntheticReports
{
    public static readonly DateTimeOffset Origin = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double offset) => Origin.AddSeconds(offset);

    public static StepRecord Step(int number, double offset, StepOutcome outcome = StepOutcome.Done, string? sentence = null) =>
        new(number, number % 2 == 0 ? Role.SenderAdministrator : Role.TenantAdministrator, sentence ?? $"Do the thing number {number} of this procedure.",
            At(offset), At(offset + 0.01), outcome, "done")
        {
            StartedOffset = offset,
            FinishedOffset = offset + 0.01,
        };

    public static ProcedureReport Procedure(double start, double end, IReadOnlyList<TimelineInterval> timeline, IReadOnlyList<StepRecord> steps,
        IReadOnlyList<ErrorStatistics>? errors = null, double? pausedAt = null, double? resumedAt = null) => new()
        {
            Mode = "single",
            Scenario = "correct",
            Lesson = "lesson",
            StartedAt = At(start),
            FinishedAt = At(end),
            StartedOffset = start,
            FinishedOffset = end,
            Alias = "alias",
            OldFingerprint = new string('a', 64),
            NewFingerprint = new string('b', 64),
            Signing = new SigningSettings("alias", "RsaSha256", null, null, "BinarySecurityToken", 300, "RSA", 2048, 2048),
            Certificates = [],
            MaxDowntimeSeconds = 10,
            RejectedByReason = new Dictionary<string, long>(),
            Errors = errors ?? [],
            PausedAt = pausedAt is { } p ? At(p) : null,
            ResumedAt = resumedAt is { } r ? At(r) : null,
            Steps = steps,
            Timeline = timeline,
            Samples = [],
            Invariants = [new Invariant(InvariantKind.TrafficRan, "traffic ran", true, "")],
            Verdict = ProcedureVerdict.Passed,
            VerdictDetail = "every invariant held",
        };

    public static DrillReport DrillOf(ProcedureReport procedure, double rate = 100) =>
        new(Origin, At(60), "http://tenant/", "http://sender/", new DrillSettings { Rate = rate }, new RunVersions("1", "1", "1"), [procedure]);
}
