namespace Rotation.Sender.Contracts;

/// <summary>Where the traffic stands right now.</summary>
public sealed record TrafficStatus(
    TrafficState State,
    bool Paused,
    double Rate,
    int Concurrency,
    int InFlight,
    long SentThisRun,
    long? Count,
    TimeSpan? Duration,
    DateTimeOffset? RunStartedAt);
