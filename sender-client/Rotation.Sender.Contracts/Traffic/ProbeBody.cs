namespace Rotation.Sender.Contracts;

/// <summary>A probe: how many requests to send now (default 5) and how many at once (default 1).</summary>
public sealed record ProbeBody(int? Count, int? Concurrency);
