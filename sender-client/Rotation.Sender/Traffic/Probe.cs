namespace Rotation.Sender.Traffic;

/// <summary>
/// Sends a handful of requests now, outside the traffic run, and reports every outcome: how a drill
/// checks "the sender verifies" at one step of the procedure. It ignores the traffic pause on purpose:
/// it is an explicit administrator action, not traffic.
/// </summary>
public sealed class Probe(OrderSender sender)
{
    private long _sequence;

    public const int MaxCount = 200;

    public async Task<ProbeReport> RunAsync(int count, int concurrency, CancellationToken cancellationToken = default)
    {
        if (count is < 1 or > MaxCount) throw new ArgumentOutOfRangeException(nameof(count), count, $"between 1 and {MaxCount}");
        concurrency = Math.Clamp(concurrency, 1, count);
        var outcomes = new RequestOutcome[count];
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var sequence = Interlocked.Increment(ref _sequence);
                outcomes[index] = await sender.SendAsync(sequence, cancellationToken, OrderPrefix).ConfigureAwait(false);
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        return Report(outcomes);
    }

    /// <summary>The answer: the counts by kind, who verified, why the rest were rejected, and every outcome.</summary>
    private static ProbeReport Report(IReadOnlyList<RequestOutcome> outcomes) => new(
        outcomes.Count,
        outcomes.Count(o => o.Kind == OutcomeKind.Verified),
        outcomes.Count(o => o.Kind == OutcomeKind.Rejected),
        outcomes.Count(o => o.Kind == OutcomeKind.SoapFault),
        outcomes.Count(o => o.Kind == OutcomeKind.TransportError),
        outcomes.Where(o => o.Kind == OutcomeKind.Verified).GroupBy(o => o.Fingerprint ?? "unknown").ToDictionary(g => g.Key, g => g.Count()),
        outcomes.Where(o => o.Kind == OutcomeKind.Rejected).GroupBy(o => o.Reason?.ToString() ?? "unknown").ToDictionary(g => g.Key, g => g.Count()),
        outcomes);

    public const string OrderPrefix = "PRB";
}
