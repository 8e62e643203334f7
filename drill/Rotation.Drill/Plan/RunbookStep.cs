using Rotation.Drill.Procedures;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Plan;

/// <summary>One line of a runbook: the step as the drill would run it, with who does it.</summary>
public sealed record RunbookStep(int Number, Role Role, string Sentence)
{
    /// <summary>The procedure's own steps (with the waits the sender profile adds), never re-typed.</summary>
    public static IReadOnlyList<RunbookStep> Of(ProcedureMode mode, ProfileView? profile) =>
        ProfileSteps.Apply(RenewalProcedure.Steps(mode, Scenario.Correct), profile)
            .Select((step, i) => new RunbookStep(i + 1, step.Role, step.Sentence))
            .ToList();
}
