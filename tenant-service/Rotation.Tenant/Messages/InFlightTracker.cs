namespace Rotation.Tenant.Messages;

/// <summary>
/// Messages whose signing key has been chosen and whose response is not yet fully written, by signing
/// fingerprint. This is how the administrator ensures no message signed with the old key is in the system.
/// </summary>
public sealed class InFlightTracker(TimeProvider time) : IInFlightView
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, InFlightMessage> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _perFingerprint = new(StringComparer.Ordinal);
    private readonly List<(string Fingerprint, TaskCompletionSource Drained)> _waiters = [];
    private long _version;

    /// <summary>Changes whenever a message begins or ends: what a node's in-flight report compares with the last one it wrote.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Begin(InFlightMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message.Id, message);
            _version++;
            _perFingerprint[message.Fingerprint] = _perFingerprint.GetValueOrDefault(message.Fingerprint) + 1;
        }
    }

    public void End(string id)
    {
        List<TaskCompletionSource>? release = null;
        lock (_gate)
        {
            if (!_messages.Remove(id, out var message)) return;
            _version++;
            var left = _perFingerprint[message.Fingerprint] - 1;
            if (left > 0)
            {
                _perFingerprint[message.Fingerprint] = left;
                return;
            }
            _perFingerprint.Remove(message.Fingerprint);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Fingerprint != message.Fingerprint) continue;
                (release ??= []).Add(_waiters[i].Drained);
                _waiters.RemoveAt(i);
            }
        }
        release?.ForEach(t => t.TrySetResult());
    }

    public int Count(string fingerprint)
    {
        lock (_gate) return _perFingerprint.GetValueOrDefault(fingerprint);
    }

    public IReadOnlyList<InFlightGroup> Groups()
    {
        lock (_gate)
        {
            return _messages.Values
                .GroupBy(m => m.Fingerprint)
                .Select(g => new InFlightGroup(g.Key, g.Count(), g.Select(m => m.Alias).Distinct().Order().ToArray(), g.Min(m => m.ReceivedAt)))
                .OrderByDescending(g => g.Count)
                .ToList();
        }
    }

    Task<IReadOnlyList<InFlightGroup>> IInFlightView.GroupsAsync(CancellationToken cancellationToken) => Task.FromResult(Groups());

    Task<int> IInFlightView.CountAsync(string fingerprint, CancellationToken cancellationToken) => Task.FromResult(Count(fingerprint));

    /// <summary>Completes true once no message signed with the fingerprint is in flight, false when the timeout passes first.</summary>
    public async Task<bool> WaitUntilDrainedAsync(string fingerprint, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource drained;
        lock (_gate)
        {
            if (_perFingerprint.GetValueOrDefault(fingerprint) == 0) return true;
            drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((fingerprint, drained));
        }
        try
        {
            await drained.Task.WaitAsync(timeout, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            lock (_gate) _waiters.RemoveAll(w => w.Drained == drained);
            return Count(fingerprint) == 0;
        }
    }
}

public sealed record InFlightMessage(string Id, string Alias, string Fingerprint, DateTimeOffset ReceivedAt);

public sealed record InFlightGroup(string Fingerprint, int Count, string[] Aliases, DateTimeOffset OldestReceivedAt)
{
    /// <summary>In a cluster (docs/DESIGN.md §8): the nodes that have these messages in flight; null on a single tenant.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Nodes { get; init; }
}
