namespace Rotation.Drill.Report;

/// <summary>Responses completed in one second of the run, by what became of them.</summary>
public sealed record TimelineInterval(double Offset, long VerifiedOld, long VerifiedNew, long VerifiedOther, long Failed, bool Paused);
