using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;

namespace Rotation.Sender.Traffic;

/// <summary>
/// Appends one JSON object per outcome to a file. Writes happen on one background task so request
/// tasks never wait for the disk.
/// </summary>
public sealed class OutcomeLog : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Channel<RequestOutcome> _pending = Channel.CreateUnbounded<RequestOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StreamWriter _writer;
    private readonly Task _writing;

    public OutcomeLog(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true));
        _writing = WriteAllAsync();
    }

    public string Path { get; }

    public void Append(RequestOutcome outcome) => _pending.Writer.TryWrite(outcome);

    private async Task WriteAllAsync()
    {
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var outcome))
            {
                var line = JsonSerializer.Serialize(new LogLine(outcome), Json);
                await _writer.WriteLineAsync(line).ConfigureAwait(false);
            }
            await _writer.FlushAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private sealed record LogLine(
        long Sequence, string OrderId, OutcomeKind Outcome, DateTimeOffset StartedAt, DateTimeOffset CompletedAt,
        double LatencyMs, string? Fingerprint, string? Reason, string? Message, string? Node)
    {
        public LogLine(RequestOutcome o) : this(o.Sequence, o.OrderId ?? "", o.Kind, o.StartedAt, o.CompletedAt,
            Math.Round(o.Latency.TotalMilliseconds, 3), o.Fingerprint, o.Reason?.ToString(), o.Message, o.Node) { }
    }
}
