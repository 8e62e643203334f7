using System.Text.Json;
using Rotation.Tenant.Audit;

namespace Rotation.Tenant.Persistence;

/// <summary>The audit trail as JSON lines in the data directory (0600), each append flushed to disk.</summary>
internal sealed class AuditLogFile(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records)
    {
        if (records.Count == 0) return;
        var created = !File.Exists(path);
        await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            foreach (var record in records)
            {
                await JsonSerializer.SerializeAsync(stream, record, Json);
                stream.WriteByte((byte)'\n');
            }
            await stream.FlushAsync();
            stream.Flush(flushToDisk: true);
        }
        if (created && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(int last, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return [];
        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        return lines.Where(l => l.Length > 0).TakeLast(last).Select(l => JsonSerializer.Deserialize<AuditRecord>(l, Json)!).ToList();
    }

    /// <summary>The generation of the last record; 0 when there is none. A torn last line (a crash mid-append) counts as absent.</summary>
    public long LastGeneration()
    {
        if (!File.Exists(path)) return 0;
        long last = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            try { last = JsonSerializer.Deserialize<AuditRecord>(line, Json)?.Generation ?? last; }
            catch (JsonException) { }
        }
        return last;
    }
}
