using Rotation.Drill.Admin;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Report;

/// <summary>
/// Everything one procedure's run left behind, as gathered from both services when it ended. <see cref="SignedWithOldAfterExchange"/>
/// is null when the tenant's face has no message log (/api/v1).
/// </summary>
public sealed record ProcedureRun(ProcedureMode Mode, Scenario Scenario, DrillContext Context, IReadOnlyList<StepRecord> Steps,
    StatisticsSnapshot Traffic, HistoryInfo? RetiredKey, long? SignedWithOldAfterExchange,
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Interrupted, DrillClock Clock)
{
    /// <summary>How the exchange reached every tenant node; null when the tenant never exchanged.</summary>
    public Deployment? Deployment { get; init; }

    public RenewalCase Case { get; init; } = RenewalCase.SignResponse;

    /// <summary>--case verify-request: what the tenant's message log says of the sender's certificates and refusals.</summary>
    public InboundReport? Inbound { get; init; }
}

