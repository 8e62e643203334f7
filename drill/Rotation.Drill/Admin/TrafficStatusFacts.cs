using Rotation.Sender.Contracts;

namespace Rotation.Drill.Admin;

/// <summary>What the drill asks of the sender's traffic when it takes it over and gives it back.</summary>
public static class TrafficStatusFacts
{
    /// <summary>A run exists (sending or paused): starting another would be refused.</summary>
    public static bool HasRun(this TrafficStatus traffic) => traffic.State != TrafficState.Idle;
}
