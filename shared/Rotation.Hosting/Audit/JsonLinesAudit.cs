using System.Text.Json;

namespace Rotation.Hosting.Audit;

/// <summary>
/// An audit trail as JSON lines in one file (0600): appended records are on disk (fsync) before the append returns,
/// so an acknowledged change is never missing from the trail after a crash; read back newest last. A line a crash
/// tore mid-append is skipped when reading and never glued to the next record.
/// </summary>
public sealed class JsonLinesAudit<TRecord>(string path) where TRecord : class
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Path => path;

    public async Task AppendAsync(IReadOnlyList<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0) return;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using var stream = new FileStream(path, options);
            if (stream.Length > 0)
            {
                // A crash mid-append leaves a line without its newline: end it, so the next record starts a line of its own.
                stream.Seek(-1, SeekOrigin.End);
                if (stream.ReadByte() != '\n') stream.WriteByte((byte)'\n');
            }
            stream.Seek(0, SeekOrigin.End);
            foreach (var record in records)
            {
                await JsonSerializer.SerializeAsync(stream, record, Json, cancellationToken).ConfigureAwait(false);
                stream.WriteByte((byte)'\n');
            }
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The last <paramref name="last"/> records, oldest first; none when nothing was ever appended.</summary>
    public async Task<IReadOnlyList<TRecord>> ReadAsync(int last, CancellationToken cancellationToken = default) =>
        [.. (await ReadAllAsync(cancellationToken).ConfigureAwait(false)).TakeLast(last)];

    /// <summary>The newest record; null when there is none.</summary>
    public async Task<TRecord?> LastAsync(CancellationToken cancellationToken = default) =>
        (await ReadAllAsync(cancellationToken).ConfigureAwait(false)).LastOrDefault();

    private async Task<List<TRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return [];
        var lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        return [.. lines.Select(Decode).OfType<TRecord>()];
    }

    private static TRecord? Decode(string line)
    {
        if (line.Length == 0) return null;
        try { return JsonSerializer.Deserialize<TRecord>(line, Json); }
        catch (JsonException) { return null; }
    }
}
