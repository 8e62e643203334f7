using System.CommandLine;
using Rotation.Drill.Dashboard;
using Rotation.Drill.Services;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;
using Rotation.Drill.Tenants;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Cli;

/// <summary>The drill's command line: `dotnet run --project drill/Rotation.Drill -- --mode overlap`.</summary>
public static class DrillCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct = default)
    {
        var parsed = CreateRoot(output).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Usage errors exit 2 (see ExitCodes for the others).
            foreach (var error in parsed.Errors) await output.WriteLineAsync(error.Message);
            await output.WriteLineAsync("See --help.");
            return ExitCodes.Usage;
        }
        // The drill handles Ctrl+C itself (stop, restore, partial report, exit 130): no forced end after System.CommandLine's 2 s.
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, ProcessTerminationTimeout = null }, ct);
    }

    /// <summary>The drill, soak and load commands with their options; RunAsync parses and runs them.</summary>
    internal static RootCommand CreateRoot(TextWriter output)
    {
        var renewalCase = new Option<string>("--case")
        {
            Description = "The renewal case: sign-response (the tenant's key pair, which signs its responses), verify-request (the sender's key pair, whose requests the tenant verifies: one procedure, no downtime), or all (every case and mode, in one report).",
            DefaultValueFactory = _ => "sign-response",
        };
        renewalCase.AcceptOnlyFromAmong("sign-response", "verify-request", "all");
        var mode = new Option<string>("--mode") { Description = "The sign-response procedure: overlap (trust old and new at once), single (one certificate at a time, with a downtime), or both.", DefaultValueFactory = _ => "overlap" };
        mode.AcceptOnlyFromAmong("overlap", "single", "both");
        var scenario = new Option<string>("--scenario") { Description = "Rehearse a mistake: remove-old-early, exchange-before-trust (overlap), no-stop, inform-before-deployed (single; needs --nodes 2 or more), other-ca (overlap with --ca test); or expiry (overlap, in-process tenant only: the renewal certificate is short-lived and expires during the run); with --case verify-request: switch-before-import, remove-before-switch. Default: correct.", DefaultValueFactory = _ => "correct" };
        scenario.AcceptOnlyFromAmong(Enum.GetValues<Scenario>().Select(ScenarioNames.Name).ToArray());
        var rate = new Option<double>("--rate") { Description = "Requests per second the sender sends throughout.", DefaultValueFactory = _ => 50 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at most.", DefaultValueFactory = _ => 8 };
        var phase = new Option<double>("--phase") { Description = "Seconds of traffic observed before the first step, after each step that changes keys or trust, and at the end.", DefaultValueFactory = _ => 3 };
        var maxDowntime = new Option<double>("--max-downtime") { Description = "Single mode: the agreed downtime budget in seconds.", DefaultValueFactory = _ => 10 };
        var report = new Option<string?>("--report") { Description = "Write report.json and report.html into this directory." };
        var tenant = UrlOption("--tenant", "Drive a running tenant-service (base URL of its admin API and flow) instead of starting one in-process.");
        var tenantToken = new Option<string?>("--tenant-token") { Description = "Admin token of --tenant. [env: ROTATION_TENANT_TOKEN]" };
        var sender = UrlOption("--sender", "Drive a running sender-client (base URL of its admin API); needs --tenant.");
        var senderToken = new Option<string?>("--sender-token") { Description = "Admin token of --sender. [env: ROTATION_SENDER_TOKEN]" };
        var keySize = new Option<int?>("--key-size") { Description = "RSA key size of the new key pair (default: the old key's)." };
        var initialKey = KeyAlgorithmOption.Create("Key of an in-process tenant's first key pair");
        var dashboard = DashboardOption();
        var nodes = new Option<int>("--nodes") { Description = "In-process tenant nodes on one shared store behind a round-robin front (without --tenant); the drill waits for every node to deploy the exchange before it informs the sender.", DefaultValueFactory = _ => 1 };
        var propagationDelay = new Option<double?>("--propagation-delay") { Description = $"Seconds the last in-process node waits after learning of a change before it deploys it: a slow worker node (default 0; {DrillOptionChecks.DefaultLaggingDelaySeconds:0} with --scenario inform-before-deployed).", HelpName = "SECONDS" };

        var tenantApi = new Option<string>("--tenant-api") { Description = "Drive the tenant through its own admin API (admin) or only through the platform's /api/v1 (cpi), as a real SAP Cloud Integration tenant.", DefaultValueFactory = _ => "admin" };
        tenantApi.AcceptOnlyFromAmong("admin", "cpi");
        var exchangeMethod = new Option<string>("--exchange-method") { Description = "With cpi: upload (a key pair made in the drill's memory replaces the alias in one call) or rename (made on the tenant, then two renames).", DefaultValueFactory = _ => "upload" };
        exchangeMethod.AcceptOnlyFromAmong("upload", "rename");
        var deliveryWindow = new Option<double>("--delivery-window") { Description = "The guaranteed delivery time in seconds: with --case verify-request, the least time between the sender's switch and the removal of its old certificate; with cpi (no in-flight view), the wait for messages signed with the old key before the exchange in single mode.", DefaultValueFactory = _ => 2 };
        var flowUrl = UrlOption("--flow-url", "With cpi and --tenant: the flow's endpoint the sender calls (default: the tenant-service's /cxf/orders under --tenant).", appendSlash: false);
        var alias = new Option<string?>("--alias") { Description = "With cpi and --tenant: the alias the flow signs responses with." };
        var cpiTokenUrl = UrlOption("--cpi-token-url", "With cpi: the service key's tokenurl (OAuth 2.0 client credentials).", appendSlash: false);
        var cpiClientId = new Option<string?>("--cpi-client-id") { Description = "With cpi: the service key's clientid." };
        var cpiClientSecret = new Option<string?>("--cpi-client-secret") { Description = "With cpi: the service key's clientsecret. [env: ROTATION_CPI_CLIENT_SECRET]" };
        var cpiUser = new Option<string?>("--cpi-user") { Description = "With cpi: a user for HTTP Basic instead of OAuth." };
        var cpiPassword = new Option<string?>("--cpi-password") { Description = "With cpi: the Basic user's password. [env: ROTATION_CPI_PASSWORD]" };

        var newSubject = new Option<string>("--new-subject")
        {
            Description = "Subject of the renewed certificate: same (the old one: old and new differ only in serial, validity and key, as real renewals do) or renewal-ou (adds OU=Renewal <time>).",
            DefaultValueFactory = _ => "same",
        };
        newSubject.AcceptOnlyFromAmong("same", "renewal-ou");
        var ca = new Option<string>("--ca")
        {
            Description = "Who issues the tenant's certificates: self-signed (pinned by the sender; default) or test (a test CA the drill creates signs every CSR, the chain is imported on the tenant, the sender trusts the CA: overlap only).",
            DefaultValueFactory = _ => "self-signed",
        };
        ca.AcceptOnlyFromAmong("self-signed", "test");


        var senderProfile = SenderProfileOption();

        var root = new RootCommand("Rotation drill: rehearse the renewal of a WS-Security signing key between a tenant and its sender, under live traffic, and report what happened.")
        {
            renewalCase, mode, scenario, rate, concurrency, phase, maxDowntime, report, tenant, tenantToken, sender, senderToken, keySize, initialKey, dashboard, nodes, propagationDelay,
            tenantApi, exchangeMethod, deliveryWindow, flowUrl, alias, cpiTokenUrl, cpiClientId, cpiClientSecret, cpiUser, cpiPassword, newSubject, ca, senderProfile,
        };
        root.SetAction(async (parse, cancellation) =>
        {
            var chosen = ScenarioNames.Parse(parse.GetValue(scenario)!)!.Value;
            var modes = parse.GetValue(mode) switch
            {
                "single" => new[] { ProcedureMode.Single },
                "both" => [ProcedureMode.Overlap, ProcedureMode.Single],
                _ => [ProcedureMode.Overlap],
            };
            var cases = parse.GetValue(renewalCase) switch
            {
                "verify-request" => new[] { RenewalCase.VerifyRequest },
                "all" => [RenewalCase.SignResponse, RenewalCase.VerifyRequest],
                _ => [RenewalCase.SignResponse],
            };
            var modeGiven = parse.GetResult(mode) is { Implicit: false };
            // --case all runs every mode of every case.
            if (cases.Length > 1 && !modeGiven) modes = [ProcedureMode.Overlap, ProcedureMode.Single];
            if (cases.SequenceEqual([RenewalCase.SignResponse]) && ScenarioNames.OnlyFor(chosen) is { } only && modes.Any(m => m != only))
            {
                await output.WriteLineAsync($"--scenario {ScenarioNames.Name(chosen)} rehearses the {only.ToString().ToLowerInvariant()} procedure; use --mode {only.ToString().ToLowerInvariant()}.");
                return ExitCodes.Usage;
            }
            var settings = new DrillSettings
            {
                Rate = parse.GetValue(rate),
                Concurrency = parse.GetValue(concurrency),
                Phase = TimeSpan.FromSeconds(Finite(parse.GetValue(phase))),
                MaxDowntime = TimeSpan.FromSeconds(Finite(parse.GetValue(maxDowntime))),
                KeySize = parse.GetValue(keySize),
                ExchangeMethod = parse.GetValue(exchangeMethod) == "rename" ? ExchangeMethod.Rename : ExchangeMethod.Upload,
                DeliveryWindow = TimeSpan.FromSeconds(Finite(parse.GetValue(deliveryWindow))),
                NewSubject = parse.GetValue(newSubject) == "renewal-ou" ? NewSubject.RenewalOu : NewSubject.Same,
                Ca = parse.GetValue(ca) == "test" ? CertificateIssuer.TestCa : CertificateIssuer.SelfSigned,
            };
            var initial = parse.GetValue(initialKey) ?? KeyAlgorithmOption.Default;
            var tenantUrl = parse.GetValue(tenant);
            var senderUrl = parse.GetValue(sender);
            var tenantSecret = parse.GetValue(tenantToken) ?? Environment.GetEnvironmentVariable("ROTATION_TENANT_TOKEN");
            var senderSecret = parse.GetValue(senderToken) ?? Environment.GetEnvironmentVariable("ROTATION_SENDER_TOKEN");
            var cpi = parse.GetValue(tenantApi) == "cpi";
            var cpiOptions = new CpiOptions(cpi, tenantUrl is not null, parse.GetValue(tenantToken), parse.GetResult(exchangeMethod) is { Implicit: false },
                parse.GetResult(deliveryWindow) is { Implicit: false }, parse.GetValue(deliveryWindow), parse.GetValue(flowUrl), parse.GetValue(alias),
                parse.GetValue(cpiTokenUrl), parse.GetValue(cpiClientId), parse.GetValue(cpiClientSecret) ?? (cpi && tenantUrl is not null ? Environment.GetEnvironmentVariable("ROTATION_CPI_CLIENT_SECRET") : null),
                parse.GetValue(cpiUser), parse.GetValue(cpiPassword) ?? (cpi && tenantUrl is not null && parse.GetValue(cpiUser) is not null ? Environment.GetEnvironmentVariable("ROTATION_CPI_PASSWORD") : null))
            {
                VerifyRequest = cases.Contains(RenewalCase.VerifyRequest),
            };
            // Every option is checked before anything starts; the report directory last, since checking it creates it.
            var problems = DrillOptionChecks.Problems(parse.GetValue(rate), parse.GetValue(concurrency), parse.GetValue(phase), parse.GetValue(maxDowntime),
                    settings.KeySize, tenantUrl is null ? initial : null)
                .Append(DrillOptionChecks.BaseUrlProblem("--tenant", tenantUrl))
                .Append(DrillOptionChecks.BaseUrlProblem("--sender", senderUrl))
                .Append(chosen == Scenario.Expiry && tenantUrl is not null ? "--scenario expiry leaves the tenant signing with an expired certificate: it runs against the in-process tenant only; leave out --tenant" : null)
                .Append(senderUrl is not null && tenantUrl is null ? "--sender drives a running sender-client; give --tenant, the tenant it sends to, too" : null)
                .Append(cpi ? null : DrillOptionChecks.TokenProblem("--tenant", tenantUrl, tenantSecret, "--tenant-token", "ROTATION_TENANT_TOKEN"))
                .Concat(DrillOptionChecks.TenantApiProblems(cpiOptions))
                .Append(DrillOptionChecks.TokenProblem("--sender", senderUrl, senderSecret, "--sender-token", "ROTATION_SENDER_TOKEN"))
                .Concat(DrillOptionChecks.ClusterProblems(parse.GetValue(nodes), parse.GetValue(propagationDelay), tenantUrl is not null, chosen == Scenario.InformBeforeDeployed))
                .Append(cases is [RenewalCase.SignResponse] ? DrillOptionChecks.CaProblem(settings.Ca, modes, chosen) : null)
                .Append(cpi && settings.Ca == CertificateIssuer.TestCa ? "--ca test imports the CA's signing response through the tenant's own admin API: use --tenant-api admin" : null)
                .Concat(DrillOptionChecks.CaseProblems(parse.GetValue(renewalCase)!, cases, modeGiven, chosen, cpi, settings.Ca, settings.KeySize))
                .OfType<string>().ToList();
            if (problems.Count == 0 && DrillOptionChecks.ReportProblem(parse.GetValue(report)) is { } reportProblem) problems.Add(reportProblem);
            if (problems.Count > 0)
            {
                foreach (var problem in problems) await output.WriteLineAsync(problem);
                await output.WriteLineAsync("Nothing was started. See --help.");
                return ExitCodes.Usage;
            }
            var request = new DrillRequest
            {
                Modes = modes,
                Cases = cases,
                Scenario = chosen,
                Settings = settings,
                ReportDirectory = parse.GetValue(report),
                SenderProfile = parse.GetValue(senderProfile),
                Services = new DrillServiceRequest
                {
                    TenantUrl = tenantUrl,
                    TenantToken = cpi ? null : tenantSecret,
                    TenantApi = cpi ? TenantApi.Cpi : TenantApi.Admin,
                    Cpi = cpiOptions.Credentials,
                    Alias = cpiOptions.Alias,
                    FlowUrl = cpiOptions.FlowUrl,
                    SenderUrl = senderUrl,
                    SenderToken = senderSecret,
                    InitialKey = initial,
                    Nodes = parse.GetValue(nodes),
                    LaggingNodeDelay = TimeSpan.FromSeconds(parse.GetValue(propagationDelay)
                        ?? (chosen == Scenario.InformBeforeDeployed ? DrillOptionChecks.DefaultLaggingDelaySeconds : 0)),
                },
            };
            try
            {
                // --dashboard: the live page follows the drill and serves its report for a while after.
                await using var live = await DashboardSession.StartAsync(parse.GetValue(dashboard), output, TimeProvider.System, cancellation);
                var (_, exitCode) = await new Running.Drill(output, TimeProvider.System, live.Observer).RunAsync(live.WithReport(request), cancellation);
                await live.LingerAsync(DashboardSession.DefaultLinger, cancellation);
                return exitCode;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                await output.WriteLineAsync("Interrupted before the procedure began; the drill had changed nothing yet.");
                return ExitCodes.Interrupted;
            }
            catch (ArgumentException e)
            {
                await output.WriteLineAsync(e.Message);
                return ExitCodes.Usage;
            }
            catch (Admin.AdminCallFailed e)
            {
                await output.WriteLineAsync($"The drill could not go on: {e.Message}");
                return ExitCodes.ServiceUnavailable;
            }
            catch (HttpRequestException e)
            {
                await output.WriteLineAsync($"The drill could not reach a service: {e.Message}{(e.InnerException is { } inner ? $" ({inner.Message})" : "")}");
                return ExitCodes.ServiceUnavailable;
            }
        });
        root.Subcommands.Add(CaCommand.Create(output, TimeProvider.System));
        root.Subcommands.Add(SoakCommand(output));
        root.Subcommands.Add(LoadCommand(output));
        root.Subcommands.Add(PlanCommand.Create(output, TimeProvider.System));
        return root;
    }

    /// <summary>A non-finite number stays as it is for the checks to refuse, without TimeSpan throwing first.</summary>
    private static double Finite(double value) => double.IsFinite(value) && Math.Abs(value) < 1e6 ? value : 0;

    /// <summary>An absolute http(s) URL: System.CommandLine has no parser of its own for Uri. A base URL gets its closing slash; an endpoint stays as given.</summary>
    internal static Option<Uri?> UrlOption(string name, string description, bool appendSlash = true) => new(name)
    {
        Description = description,
        HelpName = "URL",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                return text.EndsWith('/') || !appendSlash ? uri : new Uri(text + "/");
            result.AddError($"{name} must be an absolute http or https URL, not '{text}'");
            return null;
        },
    };

    /// <summary>`--sender-profile` (docs/DESIGN.md §13): absent is null (the sender's own profile).</summary>
    private static Option<Sender.Profiles.SenderProfile?> SenderProfileOption() => new("--sender-profile")
    {
        Description = "Rehearse against a sender behaviour seen in the field: strict, cached-trust:DURATION (trust changes apply when the sender's cached copy expires; the drill waits for it) or first-match (certificates looked up by subject or issuer, only the first match tried). An in-process sender starts with it; a running one (--sender) is set to it and set back at the end. Default: the sender's own.",
        HelpName = "strict|cached-trust:DURATION|first-match",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Sender.Profiles.SenderProfile.TryParse(text, out var profile, out var error)) return profile;
            result.AddError($"--sender-profile {error}");
            return null;
        },
    };

    /// <summary>`--dashboard [PORT]`: absent is null (no page), present without a port is the default one.</summary>
    private static Option<int?> DashboardOption() => new("--dashboard")
    {
        Description = $"Serve a live page of the drill on http://127.0.0.1:PORT/ (default {DashboardSession.DefaultPort}; 0 takes any free port) and the report at the end.",
        HelpName = "PORT",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0) return DashboardSession.DefaultPort;
            var text = result.Tokens[0].Value;
            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535) return port;
            result.AddError($"--dashboard takes a port between 0 and 65535 (0: any free port), not '{text}'");
            return null;
        },
    };

    private static Command SoakCommand(TextWriter output)
    {
        var rotations = new Option<int>("--rotations") { Description = "Overlap rotations to run back to back.", DefaultValueFactory = _ => 100 };
        var rate = new Option<double>("--rate") { Description = "Requests per second throughout.", DefaultValueFactory = _ => 200 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at most.", DefaultValueFactory = _ => 16 };
        var dwell = new Option<double>("--dwell") { Description = "Seconds of traffic after each step that changes keys or trust.", DefaultValueFactory = _ => 0.5 };
        var key = KeyAlgorithmOption.Create("The tenant's key type; new key pairs take the same");
        var report = new Option<string?>("--report") { Description = "Write soak-report.json into this directory." };
        var soak = new Command("soak", "Run overlap rotations back to back under load with tenant and sender as separate processes; report failures, memory of both processes, and rotation times.")
        {
            rotations, rate, concurrency, dwell, key, report,
        };
        soak.SetAction(async (parse, cancellation) =>
        {
            var settings = new Soak.SoakSettings
            {
                Rotations = parse.GetValue(rotations),
                Rate = parse.GetValue(rate),
                Concurrency = parse.GetValue(concurrency),
                Dwell = TimeSpan.FromSeconds(parse.GetValue(dwell)),
                InitialKey = parse.GetValue(key) ?? KeyAlgorithmOption.Default,
            };
            if (settings.Rotations < 1 || !(settings.Rate > 0) || settings.Concurrency < 1 || settings.Dwell < TimeSpan.Zero)
            {
                await output.WriteLineAsync("--rotations, --rate and --concurrency must be positive, --dwell not negative.");
                return 2;
            }
            var runner = new Soak.SoakRunner(output, TimeProvider.System);
            var result = await runner.RunAsync(settings, cancellation);
            runner.Summarise(result);
            if (parse.GetValue(report) is { } directory)
                await output.WriteLineAsync($"report: {await Soak.SoakRunner.WriteAsync(result, directory, cancellation)}");
            return result.Passed ? 0 : 1;
        });
        return soak;
    }

    private static Command LoadCommand(TextWriter output)
    {
        var duration = new Option<double>("--duration") { Description = "Seconds of each measured phase.", DefaultValueFactory = _ => 10 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight in the throughput phases.", DefaultValueFactory = _ => 32 };
        var rate = new Option<double>("--latency-rate") { Description = "Requests per second of the latency phase.", DefaultValueFactory = _ => 300 };
        var key = KeyAlgorithmOption.Create("The tenant's key");
        var report = new Option<string?>("--report") { Description = "Write load-report.json into this directory." };
        var load = new Command("load", "End-to-end load over loopback against a tenant-service process: signed vs unsigned throughput, latency at a fixed rate, the sender's verifying client, exchange visibility, inbound verification (verify+sign vs sign only, latency at the fixed rate), peak memory.")
        {
            duration, concurrency, rate, key, report,
        };
        load.SetAction(async (parse, cancellation) =>
        {
            var settings = new Load.LoadSettings
            {
                Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                Concurrency = parse.GetValue(concurrency),
                LatencyRate = parse.GetValue(rate),
                InitialKey = parse.GetValue(key) ?? KeyAlgorithmOption.Default,
            };
            if (!(settings.Duration > TimeSpan.Zero) || settings.Concurrency < 1 || !(settings.LatencyRate > 0))
            {
                await output.WriteLineAsync("--duration, --concurrency and --latency-rate must be positive.");
                return 2;
            }
            var benchmark = new Load.LoadBenchmark(output);
            var result = await benchmark.RunAsync(settings, cancellation);
            benchmark.Summarise(result);
            if (parse.GetValue(report) is { } directory)
                await output.WriteLineAsync($"report: {await Load.LoadBenchmark.WriteAsync(result, directory, cancellation)}");
            return result.Passed ? 0 : 1;
        });
        return load;
    }
}
