namespace Rotation.Sender.Traffic;

/// <summary>How much traffic to send: a rate, a concurrency limit and an optional end (count or duration).</summary>
public sealed record TrafficPlan
{
    /// <summary>Requests started per second.</summary>
    public double Rate { get; init; } = 10;
    /// <summary>At most this many requests in flight.</summary>
    public int Concurrency { get; init; } = 4;
    /// <summary>Stop after this many requests (null: no limit).</summary>
    public long? Count { get; init; }
    /// <summary>Stop after this long (null: until stopped).</summary>
    public TimeSpan? Duration { get; init; }

    public IEnumerable<string> Problems()
    {
        if (!(Rate > 0) || double.IsInfinity(Rate) || Rate > 100_000) yield return "rate must be a positive number of requests per second (at most 100000)";
        if (Concurrency is < 1 or > 1024) yield return "concurrency must be between 1 and 1024";
        if (Count is <= 0) yield return "count must be positive";
        if (Duration is { } d && d <= TimeSpan.Zero) yield return "duration must be positive";
    }

    public void Validate()
    {
        var problems = Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
    }
}
