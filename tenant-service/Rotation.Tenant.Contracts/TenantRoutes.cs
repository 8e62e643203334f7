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
    public static string Certificate(string alias, string? format = null) =>
        $"{Entry(alias)}/certificate{(format is null ? "" : "?format=" + Uri.EscapeDataString(format))}";

    public static string Csr(string alias) => $"{Entry(alias)}/csr";
    public static string Chain(string alias) => $"{Entry(alias)}/chain";
    public static string Rename(string alias) => $"{Entry(alias)}/rename";
    public static string Exchange(string alias) => $"{Entry(alias)}/exchange";

    public static string HistoryOf(string alias) => $"{History}?alias={Uri.EscapeDataString(alias)}";
    public static string HistoryEntry(string id) => $"{History}/{Uri.EscapeDataString(id)}";

    /// <summary>Waits until no message signed with the fingerprint is in flight, at most <paramref name="timeout"/>.</summary>
    public static string WaitUntilDrained(string fingerprint, TimeSpan timeout) =>
        $"{InFlight}/{Uri.EscapeDataString(fingerprint)}/wait?timeoutMs={Milliseconds(timeout)}";

    /// <summary>Counts of messages signed with the fingerprint answered from <paramref name="from"/> on.</summary>
    public static string CountsSignedWith(string fingerprint, DateTimeOffset from) =>
        $"{MessageCounts}?fingerprint={Uri.EscapeDataString(fingerprint)}&from={Uri.EscapeDataString(from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}";

    public static string AuditLast(int last) => $"{Audit}?last={last.ToString(CultureInfo.InvariantCulture)}";

    private static string Milliseconds(TimeSpan timeout) => ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
