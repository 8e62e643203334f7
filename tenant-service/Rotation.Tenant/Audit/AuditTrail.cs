using System.Text.Json;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.Audit;

/// <summary>
/// Every keystore change, derived at the commit point from the snapshots before and after (so no change can
/// forget to log itself), appended as JSON lines to audit.log in the data directory (0600).
/// </summary>
public sealed class AuditTrail(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Path => path;

    public static IReadOnlyList<AuditRecord> Diff(KeystoreSnapshot before, KeystoreSnapshot after, string who, DateTimeOffset at)
    {
        var records = new List<AuditRecord>();
        AuditRecord Record(string action, string subject, string? old, string? @new) => new(at, who, action, subject, old, @new, after.Generation);
        var removed = before.Entries.Values.Where(e => !after.Entries.ContainsKey(e.Alias)).ToList();
        var added = after.Entries.Values.Where(e => !before.Entries.ContainsKey(e.Alias)).ToList();
        foreach (var gone in removed.ToList())
        {
            if (added.FirstOrDefault(a => a.Fingerprint == gone.Fingerprint && !before.Entries.Values.Any(b => b.Fingerprint == a.Fingerprint && b.Alias == a.Alias)) is not { } renamed) continue;
            records.Add(Record("entry-renamed", $"{gone.Alias} -> {renamed.Alias}", gone.Fingerprint, renamed.Fingerprint));
            removed.Remove(gone);
            added.Remove(renamed);
        }
        records.AddRange(added.Select(e => Record(e.Kind == EntryKind.KeyPair ? "key-pair-added" : "certificate-added", e.Alias, null, e.Fingerprint)));
        records.AddRange(removed.Select(e => Record("entry-deleted", e.Alias, e.Fingerprint, null)));
        foreach (var now in after.Entries.Values)
        {
            if (before.Entries.TryGetValue(now.Alias, out var was) && was.Fingerprint != now.Fingerprint)
                records.Add(Record("key-pair-exchanged", now.Alias, was.Fingerprint, now.Fingerprint));
        }
        var beforeHistory = before.History.Select(h => h.Id).ToHashSet();
        var afterHistory = after.History.Select(h => h.Id).ToHashSet();
        records.AddRange(after.History.Where(h => !beforeHistory.Contains(h.Id)).Select(h => Record("key-retired", $"{h.Alias} ({h.Id})", h.Fingerprint, null)));
        records.AddRange(before.History.Where(h => !afterHistory.Contains(h.Id)).Select(h => Record("history-purged", $"{h.Alias} ({h.Id})", h.Fingerprint, null)));
        return records;
    }

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records)
    {
        if (records.Count == 0) return;
        await _gate.WaitAsync();
        try
        {
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
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(int last, CancellationToken ct)
    {
        if (!File.Exists(path)) return [];
        var lines = await File.ReadAllLinesAsync(path, ct);
        return lines.Where(l => l.Length > 0).TakeLast(last).Select(l => JsonSerializer.Deserialize<AuditRecord>(l, Json)!).ToList();
    }
}
