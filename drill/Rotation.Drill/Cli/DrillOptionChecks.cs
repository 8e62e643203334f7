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

    /// <summary>
    /// --case and what goes with it (docs/DESIGN.md §10): verify-request has one procedure and its own mistakes, changes
    /// the flow's public key aliases (which /api/v1 cannot) and renews the sender's key (which keeps its algorithm).
    /// </summary>
    public static IEnumerable<string> CaseProblems(string given, IReadOnlyList<Procedures.RenewalCase> cases, bool modeGiven, Procedures.Scenario scenario,
        bool cpi, Procedures.CertificateIssuer ca, int? keySize)
    {
        var verify = cases.Contains(Procedures.RenewalCase.VerifyRequest);
        var all = cases.Count > 1;
        if (modeGiven && all) yield return "--case all runs every case in every mode: leave out --mode";
        else if (modeGiven && verify) yield return "--mode chooses a sign-response procedure; --case verify-request has one (no downtime): leave out --mode";
        if (scenario != Procedures.Scenario.Correct)
        {
            var belongs = Procedures.ScenarioNames.CaseOf(scenario)!.Value;
            if (all) yield return $"--case all runs every case's procedure as written: leave out --scenario, or give --case {Procedures.RenewalCaseNames.Name(belongs)}";
            else if (!cases.Contains(belongs))
                yield return $"--scenario {Procedures.ScenarioNames.Name(scenario)} rehearses the {Procedures.RenewalCaseNames.Name(belongs)} case: give --case {Procedures.RenewalCaseNames.Name(belongs)}";
        }
        if (!verify) yield break;
        if (cpi)
            yield return $"--case {given} with --tenant-api cpi: the verify-request procedure changes the flow's public key aliases, which /api/v1 cannot (it manages keystore entries, not a flow's settings); use --tenant-api admin" +
                (all ? ", or --case sign-response" : "");
        if (ca == Procedures.CertificateIssuer.TestCa) yield return "--ca test rehearses the sign-response case (a CA issues the tenant's certificates): give --case sign-response";
        if (keySize is not null && !all) yield return "--key-size sizes the tenant's new key pair; --case verify-request renews the sender's, which keeps its algorithm and size: leave out --key-size";
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

    /// <summary>
    /// The options of --tenant-api (docs/DESIGN.md §9), all problems at once: the /api/v1 options only with cpi; an
    /// in-process tenant makes its own API client and knows its flow; a running one needs one kind of credentials
    /// (OAuth client credentials or Basic) and the flow's alias.
    /// </summary>
    public static IEnumerable<string> TenantApiProblems(CpiOptions o)
    {
        var cpiOnly = new (string Option, bool Given)[]
        {
            // The delivery window is the verify-request procedure's too, through either face.
            ("--exchange-method", o.ExchangeMethodGiven), ("--delivery-window", o.DeliveryWindowGiven && !o.VerifyRequest), ("--flow-url", o.FlowUrl is not null), ("--alias", o.Alias is not null),
            ("--cpi-token-url", o.TokenUrl is not null), ("--cpi-client-id", o.ClientId is not null), ("--cpi-client-secret", o.ClientSecret is not null),
            ("--cpi-user", o.User is not null), ("--cpi-password", o.Password is not null),
        };
        if ((o.Cpi || o.VerifyRequest) && o.DeliveryWindow is not (>= 0 and <= 3600))
            yield return $"--delivery-window {o.DeliveryWindow}: give the seconds to wait for messages in flight, from 0 to 3600";
        if (!o.Cpi)
        {
            foreach (var (option, _) in cpiOnly.Where(c => c.Given))
                yield return $"{option} belongs to the platform's API: add --tenant-api cpi, or leave it out to drive the admin API";
            yield break;
        }
        if (o.TenantToken is not null) yield return "--tenant-token is the admin API's token; with --tenant-api cpi give --cpi-* credentials instead";
        if (!o.RemoteTenant)
        {
            foreach (var (option, _) in cpiOnly.Skip(2).Where(c => c.Given))
                yield return $"{option}: the in-process tenant makes its own API client and knows its flow and alias; give --tenant to drive a running tenant";
            yield break;
        }
        if (o.Alias is not null && string.IsNullOrWhiteSpace(o.Alias)) yield return "--alias: give the alias the flow signs responses with";
        else if (o.Alias is null) yield return "--tenant-api cpi with --tenant needs --alias, the alias the flow signs responses with (/api/v1 does not show the flow's settings)";
        var oauth = o.TokenUrl is not null || o.ClientId is not null || o.ClientSecret is not null;
        var basic = o.User is not null || o.Password is not null;
        if (oauth && basic)
            yield return "give either OAuth client credentials (--cpi-token-url, --cpi-client-id, --cpi-client-secret) or Basic credentials (--cpi-user, --cpi-password), not both";
        else if (oauth)
        {
            if (o.TokenUrl is null) yield return "--cpi-token-url: give the service key's tokenurl (OAuth client credentials), or use --cpi-user and --cpi-password for Basic";
            if (string.IsNullOrWhiteSpace(o.ClientId)) yield return "--cpi-client-id: give the service key's clientid";
            if (string.IsNullOrWhiteSpace(o.ClientSecret)) yield return "--cpi-client-secret: give the service key's clientsecret, or set ROTATION_CPI_CLIENT_SECRET";
        }
        else if (basic)
        {
            if (string.IsNullOrWhiteSpace(o.User)) yield return "--cpi-user: give the user of the Basic credentials";
            if (string.IsNullOrWhiteSpace(o.Password)) yield return "--cpi-password: give the password of the Basic credentials, or set ROTATION_CPI_PASSWORD";
        }
        else
            yield return "--tenant-api cpi with --tenant needs credentials: --cpi-token-url, --cpi-client-id and --cpi-client-secret (a service key's), or --cpi-user and --cpi-password (Basic)";
    }
}

/// <summary>What was given of the --tenant-api options (secrets already merged with their environment variables).</summary>
public sealed record CpiOptions(bool Cpi, bool RemoteTenant, string? TenantToken, bool ExchangeMethodGiven, bool DeliveryWindowGiven, double DeliveryWindow,
    Uri? FlowUrl, string? Alias, Uri? TokenUrl, string? ClientId, string? ClientSecret, string? User, string? Password)
{
    /// <summary>A verify-request procedure runs: --delivery-window is its wait before the old certificate is removed.</summary>
    public bool VerifyRequest { get; init; }

    /// <summary>The credentials the checks found complete, or null.</summary>
    public Tenants.CpiCredentials? Credentials =>
        TokenUrl is { } url && ClientId is { } id && ClientSecret is { } secret ? Tenants.CpiCredentials.OAuth(url, id, secret)
        : User is { } user && Password is { } password ? Tenants.CpiCredentials.Basic(user, password)
        : null;
}
