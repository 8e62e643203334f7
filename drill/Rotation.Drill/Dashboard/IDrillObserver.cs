using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;

namespace Rotation.Drill.Dashboard;

/// <summary>
/// What the drill tells whoever watches it live (the dashboard): the moments the drill already knows about, in the
/// order they happen, every time an offset on the drill's one clock (<see cref="DrillClock"/>). Calls come from the
/// drill's own flow and its traffic watch, one at a time, and must not block them.
/// </summary>
public interface IDrillObserver
{
    /// <summary>Traffic runs and the procedure's steps are about to be played.</summary>
    /// <param name="name">The procedure's name when it is not its mode's (verify-request: docs/DESIGN.md §10).</param>
    void ProcedureStarted(ProcedureMode mode, Scenario scenario, IReadOnlyList<DrillStep> steps, DateTimeOffset startedAt, double startedOffset, string? name = null);

    void StepStarted(int number, DrillStep step, double at);

    /// <summary>A step ended (done, check failed, error) or was skipped after an earlier failure or an interruption.</summary>
    void StepEnded(StepRecord record);

    /// <summary>Seconds of traffic that closed since the last call, each once, as the report's timeline will hold them.</summary>
    void TrafficSecondsClosed(IReadOnlyList<TimelineInterval> seconds);

    /// <summary>The procedure is over (or interrupted) and its invariants and verdict are decided.</summary>
    void ProcedureFinished(ProcedureReport report);

    /// <summary>report.json, report.html and whatever else the report keeps are in this directory.</summary>
    void ReportWritten(string directory);

    /// <summary>The drill's end, with its exit code (<see cref="ExitCodes"/>).</summary>
    void DrillFinished(DrillReport report);

    /// <summary>Watches nothing: the drill without --dashboard.</summary>
    static IDrillObserver None { get; } = new Nobody();

    private sealed class Nobody : IDrillObserver
    {
        public void ProcedureStarted(ProcedureMode mode, Scenario scenario, IReadOnlyList<DrillStep> steps, DateTimeOffset startedAt, double startedOffset, string? name = null) { }
        public void StepStarted(int number, DrillStep step, double at) { }
        public void StepEnded(StepRecord record) { }
        public void TrafficSecondsClosed(IReadOnlyList<TimelineInterval> seconds) { }
        public void ProcedureFinished(ProcedureReport report) { }
        public void ReportWritten(string directory) { }
        public void DrillFinished(DrillReport report) { }
    }
}
