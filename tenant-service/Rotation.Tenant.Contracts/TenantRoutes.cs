using System.Globalization;

namespace Rotation.Tenant.Contracts;

/// <summary>
/// The tenant admin API's paths, relative to the tenant's root (an HttpClient's base address), with path segments escaped.
/// One place for them: the drill, the tests and the typed client build every admin URL here.
/// </summary>
public static class TenantRoutes
{
    public const string Entries = "admin/keystore/entries";
    public const string KeyPairs = Entries + "/key-pairs";
    public const string KeyPairImport = KeyPairs + "/import";
    public const string Certificates = Entries + "/certificates";
    public const string History = "admin/keystore/history";
    public const string Backup = "admin/keystore/backup";
    public const string BackupRestore = Backup + "/restore";
    public const string Signer = "admin/signer";
    public const string Flow = "admin/flow";
    public const string Inbound = Flow + "/inbound";
    public const string Messages = "admin/messages";
    public const string MessageCounts = Messages + "/counts";
    public const string InFlight = Messages + "/in-flight";
    public const string VerifiedInFlight = InFlight + "/verified";
    public const string Cluster = "admin/cluster";
    public const string Audit = "admin/audit";

    public static string Entry(string alias) => $"{Entries}/{Uri.EscapeDataString(alias)}";

    /// <summary>The entry's certificate; <paramref name="format"/> pem (the default) or der.</summary>
    public static string Certificate(string alias, string? format = null) => $"{Entry(alias)}/certificate{Query(("format", format))}";

    public static string Csr(string alias) => $"{Entry(alias)}/csr";
    public static string Chain(string alias) => $"{Entry(alias)}/chain";
    public static string Rename(string alias) => $"{Entry(alias)}/rename";
    public static string Exchange(string alias) => $"{Entry(alias)}/exchange";

    public static string HistoryOf(string alias) => History + Query(("alias", alias));
    public static string HistoryEntry(string id) => $"{History}/{Uri.EscapeDataString(id)}";

    /// <summary>A retired key pair's certificate; <paramref name="format"/> pem (the default) or der.</summary>
    public static string HistoryCertificate(string id, string? format = null) => $"{HistoryEntry(id)}/certificate{Query(("format", format))}";

    /// <summary>Waits until no message signed with the fingerprint is in flight, at most <paramref name="timeout"/>.</summary>
    public static string WaitUntilDrained(string fingerprint, TimeSpan timeout) =>
        $"{InFlight}/{Uri.EscapeDataString(fingerprint)}/wait{Query(("timeoutMs", Milliseconds(timeout)))}";

    /// <summary>Waits until no message verified with the certificate is in flight (on any node), at most <paramref name="timeout"/>.</summary>
    public static string WaitUntilVerifiedDrained(string fingerprint, TimeSpan timeout) =>
        $"{VerifiedInFlight}/{Uri.EscapeDataString(fingerprint)}/wait{Query(("timeoutMs", Milliseconds(timeout)))}";

    /// <summary>The message log, newest first, filtered by what is given (null: any); at most <paramref name="limit"/> rows (the tenant's default: 100).</summary>
    public static string MessagesWhere(MessageStatus? status = null, string? alias = null, string? fingerprint = null, string? verifiedAlias = null,
        string? verifiedFingerprint = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int? limit = null) =>
        Messages + Query(("status", status?.ToString()), ("alias", alias), ("fingerprint", fingerprint), ("verifiedAlias", verifiedAlias),
            ("verifiedFingerprint", verifiedFingerprint), ("from", Instant(from)), ("to", Instant(to)), ("limit", Number(limit)));

    /// <summary>Counts of the messages the filter selects, per fingerprint (<paramref name="by"/> the signing key, the default, or the verifying certificate) and status.</summary>
    public static string MessageCountsWhere(CountedBy? by = null, MessageStatus? status = null, string? alias = null, string? fingerprint = null,
        string? verifiedAlias = null, string? verifiedFingerprint = null, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        MessageCounts + Query(("by", by?.ToString()), ("status", status?.ToString()), ("alias", alias), ("fingerprint", fingerprint),
            ("verifiedAlias", verifiedAlias), ("verifiedFingerprint", verifiedFingerprint), ("from", Instant(from)), ("to", Instant(to)));

    /// <summary>Counts of messages signed with the fingerprint answered from <paramref name="from"/> on.</summary>
    public static string CountsSignedWith(string fingerprint, DateTimeOffset from) => MessageCountsWhere(fingerprint: fingerprint, from: from);

    public static string AuditLast(int last) => Audit + Query(("last", Number(last)));

    /// <summary>The query string of the parameters that have a value (none: empty), each value escaped.</summary>
    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    private static string? Instant(DateTimeOffset? at) => at?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Milliseconds(TimeSpan timeout) => ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
