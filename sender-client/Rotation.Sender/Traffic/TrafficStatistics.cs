using Rotation.Shared.Verification;

namespace Rotation.Sender.Traffic;

/// <summary>
/// Counts outcomes in total, per verifying certificate and per second. Seconds are bucketed by the
/// completion time; paused intervals are kept so the series can show them even when nothing completed.
/// </summary>
public sealed class TrafficStatistics(TimeProvider time, int retainSeconds = 3600)
{
    private readonly Lock _sync = new();
    private readonly SortedDictionary<long, Bucket> _seconds = [];
    private readonly Dictionary<string, FingerprintCounter> _byFingerprint = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<RejectReason, long> _rejectedByReason = [];
    private readonly Dictionary<(string Node, RejectReason Reason), ErrorCounter> _rejectedByNode = [];
    private readonly Dictionary<(OutcomeKind, string), ErrorCounter> _errors = [];
    private readonly List<(DateTimeOffset From, DateTimeOffset? To)> _pauses = [];
    private long _requests, _verified, _rejected, _faults, _transport;
    private double _latencySumMs, _latencyMaxMs;
    private DateTimeOffset? _startedAt;

    public void Started()
    {
        lock (_sync) _startedAt ??= time.GetUtcNow();
    }

    public void PauseBegan()
    {
        lock (_sync)
        {
            if (_pauses.Count > 0 && _pauses[^1].To is null) return;
            _pauses.Add((time.GetUtcNow(), null));
        }
    }

    public void PauseEnded()
    {
        lock (_sync)
        {
            if (_pauses.Count == 0 || _pauses[^1].To is not null) return;
            _pauses[^1] = (_pauses[^1].From, time.GetUtcNow());
        }
    }

    public void Record(RequestOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var second = outcome.CompletedAt.ToUnixTimeSeconds();
        var latencyMs = outcome.Latency.TotalMilliseconds;
        lock (_sync)
        {
            _startedAt ??= outcome.StartedAt;
            _requests++;
            _latencySumMs += latencyMs;
            _latencyMaxMs = Math.Max(_latencyMaxMs, latencyMs);
            if (!_seconds.TryGetValue(second, out var bucket))
            {
                bucket = new Bucket();
                _seconds[second] = bucket;
                Prune(second);
            }
            bucket.Requests++;
            bucket.Latencies.Add((float)latencyMs);
            if (outcome.Kind != OutcomeKind.Verified) CountError(outcome);
            switch (outcome.Kind)
            {
                case OutcomeKind.Verified:
                    _verified++;
                    bucket.Verified++;
                    var fingerprint = outcome.Fingerprint ?? "unknown";
                    bucket.VerifiedBy[fingerprint] = bucket.VerifiedBy.GetValueOrDefault(fingerprint) + 1;
                    if (_byFingerprint.TryGetValue(fingerprint, out var counter))
                    {
                        counter.Count++;
                        if (outcome.CompletedAt < counter.First) counter.First = outcome.CompletedAt;
                        if (outcome.CompletedAt > counter.Last) counter.Last = outcome.CompletedAt;
                    }
                    else
                    {
                        _byFingerprint[fingerprint] = new FingerprintCounter { Count = 1, First = outcome.CompletedAt, Last = outcome.CompletedAt };
                    }
                    break;
                case OutcomeKind.Rejected:
                    _rejected++;
                    bucket.Rejected++;
                    var reason = outcome.Reason ?? RejectReason.None;
                    _rejectedByReason[reason] = _rejectedByReason.GetValueOrDefault(reason) + 1;
                    Count(_rejectedByNode, (outcome.Node ?? "unknown", reason), outcome);
                    break;
                case OutcomeKind.SoapFault:
                    _faults++;
                    bucket.Faults++;
                    break;
                default:
                    _transport++;
                    bucket.Transport++;
                    break;
            }
        }
    }

    /// <param name="lastSeconds">Only the most recent seconds of the series (null: everything retained).</param>
    public StatisticsSnapshot Snapshot(int? lastSeconds = null)
    {
        var now = time.GetUtcNow();
        lock (_sync)
        {
            var totals = new TrafficTotals(
                _requests, _verified, _rejected, _faults, _transport,
                _rejectedByReason.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
                _requests == 0 ? 0 : _latencySumMs / _requests,
                _latencyMaxMs,
                _rejectedByNode.OrderBy(kv => kv.Key.Node, StringComparer.Ordinal).ThenBy(kv => kv.Key.Reason)
                    .Select(kv => new NodeRejections(kv.Key.Node, kv.Key.Reason.ToString(), kv.Value.Count, kv.Value.First, kv.Value.Last)).ToList());
            var byFingerprint = _byFingerprint
                .Select(kv => new FingerprintStatistics(kv.Key, kv.Value.Count, kv.Value.First, kv.Value.Last))
                .OrderBy(f => f.FirstVerifiedAt)
                .ToList();
            var errors = _errors.Select(kv => new ErrorStatistics(kv.Key.Item1, kv.Key.Item2, kv.Value.Message, kv.Value.Count, kv.Value.First, kv.Value.Last))
                .OrderBy(e => e.FirstAt)
                .ToList();
            return new StatisticsSnapshot(now, _startedAt, totals, byFingerprint, Series(now, lastSeconds), errors);
        }
    }

    public void Reset()
    {
        lock (_sync)
        {
            _seconds.Clear();
            _byFingerprint.Clear();
            _rejectedByReason.Clear();
            _rejectedByNode.Clear();
            _errors.Clear();
            _pauses.Clear();
            _requests = _verified = _rejected = _faults = _transport = 0;
            _latencySumMs = _latencyMaxMs = 0;
            _startedAt = null;
        }
    }

    // Every second from the first activity to now, empty ones included, so a timeline has no holes.
    private List<SecondStatistics> Series(DateTimeOffset now, int? lastSeconds)
    {
        var series = new List<SecondStatistics>();
        if (_startedAt is null) return series;
        var last = now.ToUnixTimeSeconds();
        var first = Math.Max(_startedAt.Value.ToUnixTimeSeconds(), last - retainSeconds + 1);
        if (_seconds.Count > 0) first = Math.Min(first, _seconds.Keys.First());
        if (lastSeconds is > 0) first = Math.Max(first, last - lastSeconds.Value + 1);
        for (var second = first; second <= last; second++)
        {
            var start = DateTimeOffset.FromUnixTimeSeconds(second);
            var paused = WasPaused(start, start.AddSeconds(1), now);
            if (_seconds.TryGetValue(second, out var b))
                series.Add(new SecondStatistics(start, b.Requests, b.Verified, new Dictionary<string, long>(b.VerifiedBy), b.Rejected, b.Faults, b.Transport, paused, b.Percentiles()));
            else
                series.Add(new SecondStatistics(start, 0, 0, new Dictionary<string, long>(), 0, 0, 0, paused, null));
        }
        return series;
    }

    private bool WasPaused(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        foreach (var (pauseFrom, pauseTo) in _pauses)
            if (pauseFrom < to && (pauseTo ?? now) >= from) return true;
        return false;
    }

    private void Prune(long newest)
    {
        while (_seconds.Count > 0 && _seconds.Keys.First() <= newest - retainSeconds)
            _seconds.Remove(_seconds.Keys.First());
    }

    // Keyed by what an administrator fixes: the rejection reason, or the transport's cause ("connection refused").
    private void CountError(RequestOutcome outcome)
    {
        var message = outcome.Message ?? "";
        var code = outcome.Kind switch
        {
            OutcomeKind.Rejected => (outcome.Reason ?? RejectReason.None).ToString(),
            OutcomeKind.TransportError => message.Split(':')[0],
            _ => outcome.Kind.ToString(),
        };
        var counter = Count(_errors, (outcome.Kind, code), outcome);
        // The words of the first time: what an administrator reads to know what to fix.
        if (counter.Count == 1) counter.Message = message;
    }

    /// <summary>One more outcome under <paramref name="key"/>: the count and the first and last time.</summary>
    private static ErrorCounter Count<TKey>(Dictionary<TKey, ErrorCounter> counters, TKey key, RequestOutcome outcome) where TKey : notnull
    {
        if (counters.TryGetValue(key, out var counter))
        {
            counter.Count++;
            if (outcome.CompletedAt < counter.First) counter.First = outcome.CompletedAt;
            if (outcome.CompletedAt > counter.Last) counter.Last = outcome.CompletedAt;
        }
        else
        {
            counters[key] = counter = new ErrorCounter { Count = 1, First = outcome.CompletedAt, Last = outcome.CompletedAt };
        }
        return counter;
    }

    private sealed class Bucket
    {
        private LatencyPercentiles? _percentiles;
        private int _percentilesOf;

        public long Requests, Verified, Rejected, Faults, Transport;
        public Dictionary<string, long> VerifiedBy { get; } = new(StringComparer.OrdinalIgnoreCase);
        public List<float> Latencies { get; } = [];

        /// <summary>Nearest-rank percentiles, computed again only when the second gained requests since the last snapshot.</summary>
        public LatencyPercentiles? Percentiles()
        {
            if (Latencies.Count == 0) return null;
            if (_percentiles is not null && _percentilesOf == Latencies.Count) return _percentiles;
            var sorted = Latencies.ToArray();
            Array.Sort(sorted);
            double Rank(double p) => Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 3);
            _percentiles = new LatencyPercentiles(Rank(0.50), Rank(0.95), Rank(0.99));
            _percentilesOf = Latencies.Count;
            return _percentiles;
        }
    }

    private sealed class ErrorCounter
    {
        public long Count;
        public DateTimeOffset First, Last;
        public string Message = "";
    }

    private sealed class FingerprintCounter
    {
        public long Count;
        public DateTimeOffset First, Last;
    }
}
