using Rotation.Drill.Report;

namespace Rotation.Drill.Dashboard;

// The JSON the page receives, one record per kind of server-sent event. Offsets are seconds since the
// procedure's traffic started, the origin of the report's timeline.

public sealed record StepLine(int Number, string Role, string Sentence);

public sealed record ProcedureMessage(int Procedure, string Mode, string Scenario, DateTimeOffset StartedAt, IReadOnlyList<StepLine> Steps);

public sealed record StepStartedMessage(int Procedure, int Number, string Role, string Sentence, double At);

public sealed record StepEndedMessage(int Procedure, int Number, string Outcome, string Detail, double At, double Seconds);

public sealed record TrafficMessage(int Procedure, IReadOnlyList<TimelineInterval> Intervals);

public sealed record InvariantMessage(int Procedure, string Name, bool Holds, string Detail);

/// <summary>The report's own timeline replaces what the page drew live, so the page ends on exactly what report.json says.</summary>
public sealed record ProcedureFinishedMessage(int Procedure, bool Passed, IReadOnlyList<TimelineInterval> Timeline);

public sealed record ReportMessage(string Directory, IReadOnlyList<string> Files);

public sealed record FinishedMessage(bool Passed, string Reason);
