using Rotation.Drill.Procedures;

namespace Rotation.Drill.Running;

public enum StepOutcome { Done, CheckFailed, Error, Skipped }

/// <summary>What one step did, when (UTC, and as offsets on the drill's one clock), and whether its check held.</summary>
public sealed record StepRecord(int Number, Role Role, string Sentence, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, StepOutcome Outcome, string Detail)
{
    /// <summary>Seconds from the drill's origin (<see cref="DrillClock"/>).</summary>
    public double StartedOffset { get; init; }
    public double FinishedOffset { get; init; }
    /// <summary>The step only checked; it changed nothing.</summary>
    public bool CheckOnly { get; init; }
    public double Seconds => (FinishedAt - StartedAt).TotalSeconds;
}
