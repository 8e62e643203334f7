using Rotation.Drill.Admin;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;

namespace Rotation.Drill.Report;

/// <summary>Everything one procedure's run left behind, as gathered from both services when it ended.</summary>
public sealed record ProcedureRun(ProcedureMode Mode, Scenario Scenario, DrillContext Context, IReadOnlyList<StepRecord> Steps,
    TrafficStatisticsInfo Traffic, IReadOnlyList<HistoryInfo> History, long SignedWithOldAfterExchange,
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Interrupted, DrillClock Clock)
{
    /// <summary>How the exchange reached every tenant node; null when the tenant never exchanged.</summary>
    public Deployment? Deployment { get; init; }
}
