using System.Text.Json;

namespace Rotation.Hosting.Audit;

/// <summary>
/// An audit trail as JSON lines in one file (0600): appended records are on disk (fsync) before the append returns,
/// so an acknowledged change is never missing from the trail after a crash; read back newest last.
/// </summary>
public sealed class JsonLinesAudit<TRecord>(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Path => path;

    public async Task AppendAsync(IReadOnlyList<TRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0) return;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using var stream = new FileStream(path, options);
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
    public async Task<IReadOnlyList<TRecord>> ReadAsync(int last, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) return [];
        var lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        return [.. lines.Where(l => l.Length > 0).TakeLast(last).Select(l => JsonSerializer.Deserialize<TRecord>(l, Json)!)];
    }
}
