using System.Globalization;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Orders;
using Rotation.Tenant.Signing;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Audit;

/// <summary>
/// The audit records of one change, derived at the commit point from the states before and after, so no change can
/// forget to log itself (docs/DESIGN.md §4a). An empty list means the change altered nothing.
/// </summary>
public static class ChangeAudit
{
    /// <summary>The action of a backup of the keystore into the backup keystore (docs/DESIGN.md §9).</summary>
    public const string BackedUp = "keystore-backed-up";

    public static IReadOnlyList<AuditRecord> Diff(TenantState before, TenantState after, string who, DateTimeOffset at)
    {
        var records = new List<AuditRecord>();
        void Record(string action, string subject, string? old, string? @new) => records.Add(new(at, who, action, subject, old, @new, after.Generation));
        Keystore(before.Keystore, after.Keystore, Record);
        if (Changes(before.SignerStep, after.SignerStep) is { Length: > 0 } signer)
            Record("signer-step-changed", signer, before.SigningKey?.Fingerprint, after.SigningKey?.Fingerprint);
        if (Changes(before.Flow, after.Flow) is { Length: > 0 } flow)
            Record("flow-changed", flow, null, null);
        if (Changes(before.Flow.Inbound, after.Flow.Inbound) is { Length: > 0 } inbound)
            Record("inbound-verification-changed", inbound, null, null);
        return records;
    }

    private static void Keystore(KeystoreSnapshot before, KeystoreSnapshot after, Action<string, string, string?, string?> record)
    {
        if (ReferenceEquals(before, after)) return;
        var removed = before.Entries.Values.Where(e => !after.Entries.ContainsKey(e.Alias)).ToList();
        var added = after.Entries.Values.Where(e => !before.Entries.ContainsKey(e.Alias)).ToList();
        foreach (var gone in removed.ToList())
        {
            if (added.FirstOrDefault(a => a.Fingerprint == gone.Fingerprint && !before.Entries.Values.Any(b => b.Fingerprint == a.Fingerprint && b.Alias == a.Alias)) is not { } renamed) continue;
            record("entry-renamed", $"{gone.Alias} -> {renamed.Alias}", gone.Fingerprint, renamed.Fingerprint);
            removed.Remove(gone);
            added.Remove(renamed);
        }
        foreach (var entry in added) record(entry.Kind == EntryKind.KeyPair ? "key-pair-added" : "certificate-added", entry.Alias, null, entry.Fingerprint);
        foreach (var entry in removed) record("entry-deleted", entry.Alias, entry.Fingerprint, null);
        foreach (var now in after.Entries.Values)
        {
            if (before.Entries.TryGetValue(now.Alias, out var was) && was.Fingerprint != now.Fingerprint)
                record("key-pair-exchanged", now.Alias, was.Fingerprint, now.Fingerprint);
        }
        var beforeHistory = before.History.Select(h => h.Id).ToHashSet();
        var afterHistory = after.History.Select(h => h.Id).ToHashSet();
        foreach (var retired in after.History.Where(h => !beforeHistory.Contains(h.Id))) record("key-retired", $"{retired.Alias} ({retired.Id})", retired.Fingerprint, null);
        foreach (var purged in before.History.Where(h => !afterHistory.Contains(h.Id))) record("history-purged", $"{purged.Alias} ({purged.Id})", purged.Fingerprint, null);
        if (!ReferenceEquals(before.Backup, after.Backup))
            record(BackedUp, $"{after.Backup.Entries.Count} entries: {string.Join(",", after.Backup.Entries.Keys.Order(StringComparer.Ordinal))}", null, null);
    }

    /// <summary>"field old -> new" for every field of the signer step that changed, e.g. "alias a -> b; algorithm auto -> RsaSha512".</summary>
    private static string Changes(SignerStep before, SignerStep after)
    {
        var changes = new List<string>();
        void Compare(string field, string? old, string? @new)
        {
            if (!string.Equals(old, @new, StringComparison.Ordinal)) changes.Add($"{field} {old ?? "none"} -> {@new ?? "none"}");
        }
        Compare("alias", before.Alias, after.Alias);
        Compare("algorithm", before.Algorithm?.ToString() ?? "auto", after.Algorithm?.ToString() ?? "auto");
        Compare("keyReference", before.KeyReference.ToString(), after.KeyReference.ToString());
        Compare("tokenFormat", before.TokenFormat.ToString(), after.TokenFormat.ToString());
        Compare("timestampTimeToLiveSeconds", Seconds(before.TimestampTimeToLive), Seconds(after.TimestampTimeToLive));
        Compare("aliasHeader", before.AliasHeader, after.AliasHeader);
        Compare("allowedAliases", List(before.AllowedAliases), List(after.AllowedAliases));
        Compare("keyFingerprint", before.KeyFingerprint, after.KeyFingerprint);
        return string.Join("; ", changes);
    }

    private static string? List(IReadOnlyList<string> aliases) => aliases.Count == 0 ? null : string.Join(",", aliases);

    private static string Changes(FlowSettings before, FlowSettings after)
    {
        var changes = new List<string>();
        if (before.ProcessingLatency != after.ProcessingLatency)
            changes.Add($"processingLatencyMs {before.ProcessingLatency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} -> {after.ProcessingLatency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}");
        if (!before.FailureShare.Equals(after.FailureShare))
            changes.Add($"failureShare {before.FailureShare.ToString(CultureInfo.InvariantCulture)} -> {after.FailureShare.ToString(CultureInfo.InvariantCulture)}");
        return string.Join("; ", changes);
    }

    /// <summary>"mode Off -> Required; publicKeyAliases none -> sender-a,sender-b" for what changed.</summary>
    private static string Changes(Inbound.InboundVerification before, Inbound.InboundVerification after)
    {
        var changes = new List<string>();
        if (before.Mode != after.Mode) changes.Add($"mode {before.Mode} -> {after.Mode}");
        if (!before.PublicKeyAliases.SequenceEqual(after.PublicKeyAliases, StringComparer.Ordinal))
            changes.Add($"publicKeyAliases {List(before.PublicKeyAliases) ?? "none"} -> {List(after.PublicKeyAliases) ?? "none"}");
        return string.Join("; ", changes);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(CultureInfo.InvariantCulture);
}
