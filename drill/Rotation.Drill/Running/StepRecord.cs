using Rotation.Drill.Procedures;

namespace Rotation.Drill.Running;

public enum StepOutcome { Done, CheckFailed, Error, Skipped }

/// <summary>What one step did, when, and whether its check held.</summary>
public sealed record StepRecord(int Number, Role Role, string Sentence, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, StepOutcome Outcome, string Detail)
{
    public double Seconds => (FinishedAt - StartedAt).TotalSeconds;
}
