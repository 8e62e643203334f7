using System.Text.Json;
using Rotation.Drill.Admin;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;

namespace Rotation.Drill.Dashboard;

/// <summary>Turns what the drill reports into the page's events. Only the drill's own flow calls it, one call at a time.</summary>
public sealed class DashboardPublisher(DashboardEventLog log, ReportFiles reportFiles) : IDrillObserver
{
    private static readonly JsonSerializerOptions Json = new(DrillReport.Json) { WriteIndented = false };

    private int _procedure = -1;
    private DateTimeOffset _startedAt;
    private double _lastPublishedOffset = double.NegativeInfinity;
    private bool _finished;

    public void ProcedureStarted(ProcedureMode mode, Scenario scenario, IReadOnlyList<DrillStep> steps, DateTimeOffset startedAt)
    {
        _procedure++;
        _startedAt = startedAt;
        _lastPublishedOffset = double.NegativeInfinity;
        var lines = steps.Select((s, i) => new StepLine(i + 1, DrillConsole.RoleName(s.Role), s.Sentence)).ToList();
        Publish("procedure", new ProcedureMessage(_procedure, mode.ToString().ToLowerInvariant(), ScenarioNames.Name(scenario), startedAt, lines));
    }

    public void StepStarted(int number, DrillStep step, DateTimeOffset at) =>
        Publish("step-started", new StepStartedMessage(_procedure, number, DrillConsole.RoleName(step.Role), step.Sentence, Offset(at)));

    public void StepEnded(StepRecord record) =>
        Publish("step-ended", new StepEndedMessage(_procedure, record.Number, record.Outcome.ToString(), record.Detail, Offset(record.FinishedAt), record.Seconds));

    /// <summary>Publishes the seconds that closed since the last poll; the second still filling is left for the next.</summary>
    public void TrafficObserved(TrafficStatisticsInfo traffic, DrillContext context)
    {
        var now = Offset(traffic.At);
        var closed = ProcedureReport.BuildTimeline(traffic, context, _startedAt)
            .Where(i => i.Offset > _lastPublishedOffset && i.Offset + 1 <= now)
            .ToList();
        if (closed.Count == 0) return;
        _lastPublishedOffset = closed[^1].Offset;
        Publish("traffic", new TrafficMessage(_procedure, closed));
    }

    public void ProcedureFinished(ProcedureReport report)
    {
        foreach (var invariant in report.Invariants)
            Publish("invariant", new InvariantMessage(_procedure, invariant.Name, invariant.Holds, invariant.Detail));
        Publish("procedure-finished", new ProcedureFinishedMessage(_procedure, report.Passed, report.Timeline));
    }

    public void ReportWritten(string directory)
    {
        var files = reportFiles.Take(directory);
        Publish("report", new ReportMessage(Path.GetFullPath(directory), files));
    }

    public void DrillFinished(DrillReport report) =>
        Finish(report.Passed, report.Passed ? "every invariant held" : "an invariant broke");

    /// <summary>The last event of the run, whether it ended with a report or stopped before (an error, Ctrl+C).</summary>
    public void Finish(bool passed, string reason)
    {
        if (_finished) return;
        _finished = true;
        Publish("finished", new FinishedMessage(passed, reason));
        log.Complete();
    }

    private double Offset(DateTimeOffset moment) => Math.Round((moment - _startedAt).TotalSeconds, 3);

    private void Publish<T>(string type, T message) => log.Append(type, JsonSerializer.Serialize(message, Json));
}
