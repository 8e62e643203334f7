namespace Rotation.Sender.Contracts;

public enum TrafficState
{
    /// <summary>Never started, or finished/stopped.</summary>
    Idle,
    Running,
    /// <summary>Started but paused: no request leaves until resumed.</summary>
    Paused,
}
