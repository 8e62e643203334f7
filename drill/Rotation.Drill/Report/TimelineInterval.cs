using Rotation.Sender.Contracts;

namespace Rotation.Drill.Report;

/// <summary>
/// Responses completed in one second of the sender's series, clipped to the procedure: Start and End are offsets
/// on the drill's one clock, so a first or last slice that the procedure only partly covers is shorter, and its
/// counts divided by its own length give the true rate (<see cref="Rate"/>) rather than a dip.
/// </summary>
public sealed record TimelineInterval(double Start, double End, long VerifiedOld, long VerifiedNew, long VerifiedOther, long Failed, bool Paused, LatencyPercentiles? LatencyMs)
{
    public double Seconds => End - Start;

    public long Total => VerifiedOld + VerifiedNew + VerifiedOther + Failed;

    public double Rate(long count) => Seconds > 0 ? count / Seconds : 0;
}
