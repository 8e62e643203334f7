using Rotation.Drill.Admin;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;

namespace Rotation.Drill.Dashboard;

/// <summary>
/// What the drill tells whoever watches it live (the dashboard): the moments the procedure runner already
/// knows about, in the order they happen. Calls come from the drill's own flow, one at a time, and must not block it.
/// </summary>
public interface IDrillObserver
{
    /// <summary>Traffic runs and the procedure's steps are about to be played.</summary>
    void ProcedureStarted(ProcedureMode mode, Scenario scenario, IReadOnlyList<DrillStep> steps, DateTimeOffset startedAt);

    void StepStarted(int number, DrillStep step, DateTimeOffset at);

    /// <summary>A step ended (done, check failed, error) or was skipped after an earlier failure.</summary>
    void StepEnded(StepRecord record);

    /// <summary>The sender's statistics as the drill polled them while it watched traffic.</summary>
    void TrafficObserved(TrafficStatisticsInfo traffic, DrillContext context);

    /// <summary>The procedure is over and its invariants are decided.</summary>
    void ProcedureFinished(ProcedureReport report);

    /// <summary>report.json, report.html and whatever else the report keeps are in this directory.</summary>
    void ReportWritten(string directory);

    void DrillFinished(DrillReport report);

    /// <summary>Watches nothing: the drill without --dashboard.</summary>
    static IDrillObserver None { get; } = new Nobody();

    private sealed class Nobody : IDrillObserver
    {
        public void ProcedureStarted(ProcedureMode mode, Scenario scenario, IReadOnlyList<DrillStep> steps, DateTimeOffset startedAt) { }
        public void StepStarted(int number, DrillStep step, DateTimeOffset at) { }
        public void StepEnded(StepRecord record) { }
        public void TrafficObserved(TrafficStatisticsInfo traffic, DrillContext context) { }
        public void ProcedureFinished(ProcedureReport report) { }
        public void ReportWritten(string directory) { }
        public void DrillFinished(DrillReport report) { }
    }
}
