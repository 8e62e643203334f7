using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Rotation.Drill.Dashboard;

/// <summary>
/// Every event of the run, numbered from 1, and the pages that follow it. A page that connects late (or
/// reconnects with Last-Event-ID) is first given what it missed, then the live events, with no gap and no
/// repeat. The log grows like the report does (a few steps, one traffic event per second watched); each page
/// holds at most <c>clientBuffer</c> undelivered events: a page that falls further behind is cut off, and its
/// EventSource reconnects and resumes from the log, so a stalled browser never makes the drill hold more.
/// </summary>
public sealed class DashboardEventLog(int clientBuffer = 256)
{
    private readonly Lock _gate = new();
    private readonly List<SseItem<string>> _events = [];
    private readonly List<Channel<SseItem<string>>> _readers = [];
    private bool _completed;

    public int Count
    {
        get { lock (_gate) return _events.Count; }
    }

    public int Readers
    {
        get { lock (_gate) return _readers.Count; }
    }

    public void Append(string type, string json)
    {
        lock (_gate)
        {
            if (_completed) return;
            var item = new SseItem<string>(json, type) { EventId = (_events.Count + 1).ToString(CultureInfo.InvariantCulture) };
            _events.Add(item);
            foreach (var reader in _readers.ToList())
            {
                if (reader.Writer.TryWrite(item)) continue;
                reader.Writer.TryComplete();
                _readers.Remove(reader);
            }
        }
    }

    /// <summary>No more events: every page gets what it has not read yet, then its stream ends.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            foreach (var reader in _readers) reader.Writer.TryComplete();
            _readers.Clear();
        }
    }

    /// <summary>The events after <paramref name="lastEventId"/> (0: all of them), then the live ones until the log completes, the page falls behind or leaves.</summary>
    public async IAsyncEnumerable<SseItem<string>> ReadAsync(long lastEventId, [EnumeratorCancellation] CancellationToken ct)
    {
        List<SseItem<string>> missed;
        Channel<SseItem<string>>? live = null;
        lock (_gate)
        {
            var from = (int)Math.Clamp(lastEventId, 0, _events.Count);
            missed = _events.GetRange(from, _events.Count - from);
            if (!_completed)
            {
                live = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(clientBuffer) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
                _readers.Add(live);
            }
        }
        try
        {
            foreach (var item in missed) yield return item;
            if (live is null) yield break;
            await foreach (var item in live.Reader.ReadAllAsync(ct)) yield return item;
        }
        finally
        {
            if (live is not null)
                lock (_gate) _readers.Remove(live);
        }
    }
}
