using Rotation.Shared.Certificates;
using Rotation.Shared.Contract;

namespace Rotation.Drill.Cli;

/// <summary>
/// Every drill option checked before anything starts (docs/DESIGN.md §11): each problem names the option and
/// says what to give instead, so a mistyped run ends at once with exit 2 instead of after a whole drill.
/// </summary>
public static class DrillOptionChecks
{
    /// <summary>The tenant's key sizes by family (its keystore refuses any other).</summary>
    private static readonly int[] RsaSizes = [2048, 3072, 4096], EcSizes = [256, 384];

    public static IEnumerable<string> Problems(double rate, int concurrency, double phase, double maxDowntime, int? keySize, KeyAlgorithm? initialKey)
    {
        if (!(rate > 0) || double.IsInfinity(rate) || rate > 100_000)
            yield return $"--rate {rate}: give the requests per second as a number above 0, at most 100000";
        if (concurrency is < 1 or > 1024)
            yield return $"--concurrency {concurrency}: give the requests in flight as a whole number from 1 to 1024";
        if (!(phase >= 0) || double.IsInfinity(phase) || phase > 3600)
            yield return $"--phase {phase}: give the seconds of traffic watched around each step, from 0 to 3600";
        if (!(maxDowntime > 0) || double.IsInfinity(maxDowntime) || maxDowntime > 3600)
            yield return $"--max-downtime {maxDowntime}: give the agreed downtime in seconds, above 0 and at most 3600";
        if (keySize is { } size)
        {
            var family = initialKey is { } key ? (key.ToString().StartsWith("Ec", StringComparison.Ordinal) ? "EC" : "RSA") : null;
            var allowed = family switch { "RSA" => RsaSizes, "EC" => EcSizes, _ => [.. RsaSizes, .. EcSizes] };
            if (!allowed.Contains(size))
                yield return $"--key-size {size}: the tenant creates {(family ?? "RSA or EC")} key pairs of {string.Join(", ", allowed)} bits only";
        }
    }

    /// <summary>--ca test rehearses the overlap procedure with CA trust; the other-ca mistake needs it.</summary>
    public static string? CaProblem(Procedures.CertificateIssuer ca, IReadOnlyList<Procedures.ProcedureMode> modes, Procedures.Scenario scenario)
    {
        if (ca == Procedures.CertificateIssuer.TestCa && modes.Any(m => m != Procedures.ProcedureMode.Overlap))
            return "--ca test rehearses the overlap procedure with a sender that trusts the CA: use --mode overlap";
        if (ca == Procedures.CertificateIssuer.TestCa && scenario is not (Procedures.Scenario.Correct or Procedures.Scenario.OtherCa))
            return $"--ca test rehearses the correct procedure or the other-ca mistake, not --scenario {Procedures.ScenarioNames.Name(scenario)}";
        if (ca != Procedures.CertificateIssuer.TestCa && scenario == Procedures.Scenario.OtherCa)
            return "--scenario other-ca needs --ca test (the sender must trust a CA for another CA to be the mistake)";
        return null;
    }

    /// <summary>A service's base URL, not one of its paths: the drill adds /cxf/orders and /admin itself.</summary>
    public static string? BaseUrlProblem(string option, Uri? url)
    {
        if (url is null) return null;
        var path = url.AbsolutePath.TrimEnd('/');
        var given = url.OriginalString.TrimEnd('/');
        if (path.EndsWith(OrderContract.EndpointPath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) || path.Contains("/cxf/", StringComparison.OrdinalIgnoreCase))
            return $"{option} {given}: give the base URL ({url.GetLeftPart(UriPartial.Authority)}/), not the flow's path {OrderContract.EndpointPath} — the drill finds the flow itself";
        if (path.EndsWith("/admin", StringComparison.OrdinalIgnoreCase) || path.Contains("/admin/", StringComparison.OrdinalIgnoreCase))
            return $"{option} {given}: give the base URL ({url.GetLeftPart(UriPartial.Authority)}/), not the admin API's path";
        return null;
    }

    /// <summary>A running service needs its admin token, from the option or its environment variable.</summary>
    public static string? TokenProblem(string urlOption, Uri? url, string? token, string tokenOption, string variable) =>
        url is not null && string.IsNullOrWhiteSpace(token)
            ? $"{urlOption} needs the service's admin token: give {tokenOption} TOKEN or set {variable}"
            : null;

    /// <summary>
    /// The report directory must be a directory the drill can write into; it is created (and a probe file written and
    /// removed) now, so a run never ends with its report lost.
    /// </summary>
    public static string? ReportProblem(string? directory)
    {
        if (directory is null) return null;
        if (string.IsNullOrWhiteSpace(directory)) return "--report: give a directory for report.json and report.html";
        if (File.Exists(directory))
            return $"--report {directory}: that is a file; give a directory for report.json and report.html (it is created if missing)";
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".rotation-write-check-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return $"--report {directory}: cannot write there ({e.Message}); give a directory you can write to";
        }
    }
}
