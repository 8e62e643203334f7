using Rotation.Drill.Report;

namespace Rotation.Drill.Dashboard;

// The JSON the page receives, one record per kind of server-sent event. Times are offsets in seconds on the
// drill's one clock (from the moment the drill started), as in the console and the report.

public sealed record StepLine(int Number, string Role, string Sentence);

public sealed record ProcedureMessage(int Procedure, string Mode, string Scenario, DateTimeOffset StartedAt, double StartedOffset, IReadOnlyList<StepLine> Steps);

public sealed record StepStartedMessage(int Procedure, int Number, string Role, string Sentence, double At);

/// <summary>StartedAt and At are the step's own times, as the report keeps them (StartedAt corrects the marker drawn at step-started).</summary>
public sealed record StepEndedMessage(int Procedure, int Number, string Outcome, string Detail, double StartedAt, double At, double Seconds);

public sealed record TrafficMessage(int Procedure, IReadOnlyList<TimelineInterval> Intervals);

public sealed record InvariantMessage(int Procedure, string Name, bool Holds, string Detail);

/// <summary>The report's own timeline replaces what the page drew live, so the page ends on exactly what report.json says.</summary>
public sealed record ProcedureFinishedMessage(int Procedure, bool Passed, string Verdict, string VerdictDetail, bool Interrupted, IReadOnlyList<TimelineInterval> Timeline);

public sealed record ReportMessage(string Directory, IReadOnlyList<string> Files);

/// <summary>State: passed, demonstrated, failed or interrupted (<see cref="Running.ExitCodes"/>); stopped when the drill ended without its report.</summary>
public sealed record FinishedMessage(bool Passed, string State, int? ExitCode, string Reason);
