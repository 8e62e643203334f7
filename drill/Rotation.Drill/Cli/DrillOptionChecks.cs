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

    /// <summary>The most in-process tenant nodes: two cores shared with the sender and the drill.</summary>
    public const int MaxNodes = 16;

    /// <summary>A lagging node's delay in the rehearsal of informing before every node has deployed, unless one is given.</summary>
    public const double DefaultLaggingDelaySeconds = 3;

    /// <summary>
    /// --nodes and --propagation-delay shape the embedded cluster (docs/DESIGN.md §8); a remote tenant is whatever
    /// stands behind its load balancer, and its nodes take their delay themselves.
    /// </summary>
    public static IEnumerable<string> ClusterProblems(int nodes, double? propagationDelay, bool remoteTenant, bool informBeforeDeployed)
    {
        if (nodes is < 1 or > MaxNodes)
            yield return $"--nodes {nodes}: give the number of in-process tenant nodes as a whole number from 1 to {MaxNodes}";
        else if (remoteTenant && nodes != 1)
            yield return $"--nodes {nodes}: starts in-process tenant nodes; with --tenant the drill drives the nodes behind that URL (the load balancer) and reads them from GET /admin/cluster";
        if (propagationDelay is { } delay)
        {
            if (!(delay >= 0) || delay > 60)
                yield return $"--propagation-delay {delay}: give the seconds the last node waits before deploying a change, from 0 to 60";
            else if (remoteTenant)
                yield return "--propagation-delay slows an in-process node; with --tenant start the slow node with its own --propagation-delay";
            else if (delay > 0 && nodes == 1)
                yield return "--propagation-delay delays the last of several nodes: give --nodes 2 or more";
        }
        if (informBeforeDeployed && !remoteTenant)
        {
            if (nodes == 1) yield return "--scenario inform-before-deployed needs a node that lags behind another: give --nodes 2 or more";
            if (propagationDelay is 0) yield return "--scenario inform-before-deployed needs a lagging node: give --propagation-delay above 0 (or leave it out for 3 s)";
        }
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
