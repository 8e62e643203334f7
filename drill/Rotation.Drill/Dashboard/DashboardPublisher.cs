using System.Text.Json;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;

namespace Rotation.Drill.Dashboard;

/// <summary>
/// Turns what the drill reports into the page's events. The drill's flow and its traffic watch call it; the
/// procedure number only changes before a procedure's watch starts, and the event log orders the rest.
/// </summary>
public sealed class DashboardPublisher(DashboardEventLog log, ReportFiles reportFiles) : IDrillObserver
{
    private static readonly JsonSerializerOptions Json = new(DrillReport.Json) { WriteIndented = false };

    private int _procedure = -1;
    private bool _finished;

    public void ProcedureStarted(ProcedureMode mode, Scenario scenario, IReadOnlyList<DrillStep> steps, DateTimeOffset startedAt, double startedOffset, string? name = null)
    {
        _procedure++;
        var lines = steps.Select((s, i) => new StepLine(i + 1, DrillConsole.RoleName(s.Role), s.Sentence)).ToList();
        Publish("procedure", new ProcedureMessage(_procedure, name ?? mode.ToString().ToLowerInvariant(), ScenarioNames.Name(scenario), startedAt, Math.Round(startedOffset, 3), lines));
    }

    public void StepStarted(int number, DrillStep step, double at) =>
        Publish("step-started", new StepStartedMessage(_procedure, number, DrillConsole.RoleName(step.Role), step.Sentence, Math.Round(at, 3)));

    public void StepEnded(StepRecord record) =>
        Publish("step-ended", new StepEndedMessage(_procedure, record.Number, record.Outcome.ToString(), record.Detail, record.StartedOffset, record.FinishedOffset, record.Seconds));

    public void TrafficSecondsClosed(IReadOnlyList<TimelineInterval> seconds)
    {
        if (seconds.Count > 0) Publish("traffic", new TrafficMessage(_procedure, seconds));
    }

    public void ProcedureFinished(ProcedureReport report)
    {
        foreach (var invariant in report.Invariants)
            Publish("invariant", new InvariantMessage(_procedure, invariant.Name, invariant.Holds, invariant.Detail));
        Publish("procedure-finished", new ProcedureFinishedMessage(_procedure, report.Passed, report.Verdict.ToString().ToLowerInvariant(),
            report.VerdictDetail, report.Interrupted, report.Timeline));
    }

    public void ReportWritten(string directory)
    {
        var files = reportFiles.Take(directory);
        Publish("report", new ReportMessage(Path.GetFullPath(directory), files));
    }

    /// <summary>The drill's result in the words of its exit code (the README's table).</summary>
    public void DrillFinished(DrillReport report)
    {
        var (state, reason) = report.ExitCode switch
        {
            ExitCodes.Interrupted => ("interrupted", "interrupted (Ctrl+C): traffic stopped, both services restored, the report is partial"),
            ExitCodes.Succeeded when report.Procedures.Any(p => p.Verdict == ProcedureVerdict.Demonstrated) =>
                ("demonstrated", "demonstrated — the rehearsed mistake broke the renewal exactly as predicted"),
            ExitCodes.Succeeded => ("passed", "every invariant held"),
            _ => ("failed", string.Join("; ", report.Procedures.Where(p => !ProcedureVerdicts.Succeeded(p.Verdict)).Select(p => $"{p.Mode}: {p.VerdictDetail}"))),
        };
        Finish(new FinishedMessage(report.ExitCode == ExitCodes.Succeeded, state, report.ExitCode, reason));
    }

    /// <summary>The last event of a run that stopped before its report (an unreachable service, a report it could not write).</summary>
    public void Stopped(string reason) => Finish(new FinishedMessage(false, "stopped", null, reason));

    private void Finish(FinishedMessage message)
    {
        if (_finished) return;
        _finished = true;
        Publish("finished", message);
        log.Complete();
    }

    private void Publish<T>(string type, T message) => log.Append(type, JsonSerializer.Serialize(message, Json));
}
