using System.Globalization;

namespace Rotation.Sender.Contracts;

/// <summary>
/// The sender admin API's paths, relative to the sender's root (an HttpClient's base address), with path segments escaped.
/// One place for them: the drill, the tests and the typed client build every admin URL here.
/// </summary>
public static class SenderRoutes
{
    public const string Trust = "admin/trust";
    public const string TrustMode = Trust + "/mode";
    public const string TrustCertificates = Trust + "/certificates";
    public const string TrustExchange = Trust + "/exchange";
    public const string TrustAuthorities = Trust + "/authorities";
    public const string TrustExpiry = Trust + "/expiry";
    public const string Profile = "admin/profile";
    public const string Probe = "admin/probe";
    public const string Verify = "admin/verify";
    public const string Traffic = "admin/traffic";
    public const string TrafficStart = Traffic + "/start";
    public const string TrafficStop = Traffic + "/stop";
    public const string TrafficPause = Traffic + "/pause";
    public const string TrafficResume = Traffic + "/resume";
    public const string TrafficRate = Traffic + "/rate";
    public const string Statistics = "admin/statistics";
    public const string StatisticsReset = Statistics + "/reset";
    public const string Keystore = "admin/keystore";
    public const string KeystoreSigning = Keystore + "/signing";
    public const string KeyPairs = Keystore + "/keypairs";
    public const string KeystoreHistory = Keystore + "/history";
    public const string Audit = "admin/audit";
    public const string KeystoreAudit = Audit + "/keystore";

    public static string TrustCertificate(string fingerprint) => $"{TrustCertificates}/{Uri.EscapeDataString(fingerprint)}";
    public static string TrustAuthority(string fingerprint) => $"{TrustAuthorities}/{Uri.EscapeDataString(fingerprint)}";

    /// <summary>The statistics of the last <paramref name="seconds"/> seconds.</summary>
    public static string StatisticsOf(int seconds) => $"{Statistics}?seconds={seconds.ToString(CultureInfo.InvariantCulture)}";

    public static string KeyPair(string alias) => $"{KeyPairs}/{Uri.EscapeDataString(alias)}";
    public static string KeyPairCertificate(string alias) => $"{KeyPair(alias)}/certificate";
    public static string KeyPairExchange(string alias) => $"{KeyPair(alias)}/exchange";
    public static string HistoryEntry(string id) => $"{KeystoreHistory}/{Uri.EscapeDataString(id)}";

    /// <summary>The last <paramref name="last"/> records of the trust store's audit trail.</summary>
    public static string AuditLast(int last) => $"{Audit}?last={last.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The last <paramref name="last"/> records of the keystore's audit trail.</summary>
    public static string KeystoreAuditLast(int last) => $"{KeystoreAudit}?last={last.ToString(CultureInfo.InvariantCulture)}";
}
