namespace Rotation.Sender.Contracts;

/// <summary>A pause: how many requests were in flight when it began (all finished when it answers) and the traffic after it.</summary>
public sealed record PauseView(int InFlightAtPause, TrafficStatus Status);
