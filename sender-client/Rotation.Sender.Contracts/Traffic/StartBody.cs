namespace Rotation.Sender.Contracts;

/// <summary>Omitted values take the host's configured rate and concurrency; no count and no duration run until stopped.</summary>
public sealed record StartBody(double? Rate, int? Concurrency, long? Count, double? DurationSeconds);
