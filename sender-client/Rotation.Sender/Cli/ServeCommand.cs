using System.Collections;
using System.CommandLine;
using Rotation.Sender.Admin;
using Rotation.Sender.Keys;
using Rotation.Sender.Trust;
using Rotation.Shared.Admin;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Cli;

/// <summary>
/// serve --data-dir DIR --url TENANT_URL …: long-running sender with traffic and the admin API. The admin tokens
/// come from --admin-token/--admin-tokens or their environment variables, mapped here and nowhere else.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(IDictionary environment)
    {
        var dataDir = CommonOptions.DataDir();
        var url = CommonOptions.Url("TENANT_URL", "The tenant's SOAP endpoint (a base address gets /cxf/orders).");
        var urls = new Option<string>("--urls")
        {
            Description = "Where the admin API listens (default http://127.0.0.1:5180).",
            DefaultValueFactory = _ => "http://127.0.0.1:5180",
            HelpName = "URL",
        };
        var trust = CommonOptions.Trust(required: false);
        var trustCa = CommonOptions.TrustCa();
        var mode = CommonOptions.Mode("Trust mode for a new data directory: single (default) or overlap. An existing trust store keeps its own.");
        var rate = CommonOptions.Rate(10);
        var concurrency = CommonOptions.Concurrency(4);
        var soap = CommonOptions.Soap();
        var tenantTls = CommonOptions.TenantTls();
        var log = new Option<string?>("--log") { Description = "Append every traffic outcome as a JSON line to this file.", HelpName = "FILE" };
        var noTraffic = new Option<bool>("--no-traffic") { Description = "Do not start traffic at start-up (start it through the admin API)." };
        var paused = new Option<bool>("--paused") { Description = "Start with traffic paused (resume through the admin API)." };
        var adminToken = new Option<string?>("--admin-token")
        {
            Description = $"Bearer token of the admin API. [env: {AdminToken.EnvironmentVariable}] [default: generated once into DATA_DIR/{SenderHost.AdminTokenFileName} (0600)]",
            HelpName = "TOKEN",
        };
        var adminTokens = new Option<string?>("--admin-tokens")
        {
            Description = $"Further admin tokens by name, alice=<token>,ci=<token>: the name is who the trust audit records; tokens of at least {NamedAdminTokens.MinimumTokenLength} characters, all different. [env: {AdminToken.NamedEnvironmentVariable}] [default: none]",
            HelpName = "NAME=TOKEN,…",
        };
        var requestSigning = new Option<string?>("--request-signing")
        {
            Description = "Sign every request with the key pair under the signing alias: on or off. [default: what the keystore holds; a new one: off]",
            HelpName = "on|off",
        };
        var keyReference = new Option<string?>("--request-key-reference")
        {
            Description = $"How signed requests name their key: {KeyReferenceText.Description}; alone it also switches signing on. [default: bst]",
            HelpName = "bst|issuer-serial",
        };
        var signingAlias = new Option<string>("--signing-alias")
        {
            Description = "The signing alias of a new keystore (its first key pair is made under it). An existing keystore keeps its own.",
            DefaultValueFactory = _ => SenderKeystoreOptions.DefaultSigningAlias,
            HelpName = "ALIAS",
        };
        var signingKeyAlgorithm = new Option<string>("--signing-key-algorithm")
        {
            Description = $"The key algorithm of a new keystore's first key pair: {KeyAlgorithmText.Description}.",
            DefaultValueFactory = _ => KeyAlgorithm.Rsa2048.Format(),
            HelpName = "ALGORITHM",
        };
        var profile = CommonOptions.Profile();
        var command = new Command("serve", "Run the sender: traffic against the tenant plus the admin API.")
        {
            dataDir, url, urls, trust, trustCa, mode, rate, concurrency, soap, log, noTraffic, paused, tenantTls, adminToken, adminTokens, profile,
            requestSigning, keyReference, signingAlias, signingKeyAlgorithm,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var (certificates, tlsPin, loadError) = await CertificateFiles.LoadTrustAndPinAsync(parse.GetValue(trust) ?? [], parse.GetValue(tenantTls), cancellationToken);
            var problems = loadError is null ? new List<string>() : [loadError];
            var (authorities, authorityError) = await CertificateFiles.LoadAsync(parse.GetValue(trustCa) ?? [], cancellationToken);
            if (authorityError is not null) problems.Add(authorityError);
            var token = Setting(parse.GetValue(adminToken), adminToken.Name, AdminToken.EnvironmentVariable, environment);
            // Checked here, with the options, rather than in a command validator: System.CommandLine skips option
            // validation once a command validator reports an error, and every problem should be reported at once.
            var named = Setting(parse.GetValue(adminTokens), adminTokens.Name, AdminToken.NamedEnvironmentVariable, environment);
            IReadOnlyDictionary<string, string>? namedTokens = null;
            try
            {
                namedTokens = NamedAdminTokens.Parse(named?.Value);
            }
            catch (FormatException e)
            {
                problems.Add($"{named!.Value.Source}: {e.Message}");
            }
            var signing = RequestSigning(parse.GetValue(requestSigning), parse.GetValue(keyReference), problems);
            if (!KeyAlgorithmText.TryParse(parse.GetValue(signingKeyAlgorithm), out var seedAlgorithm))
                problems.Add("--signing-key-algorithm: " + KeyAlgorithmText.Refusal(parse.GetValue(signingKeyAlgorithm)));
            var options = new SenderHostOptions
            {
                DataDir = parse.GetValue(dataDir)!,
                TenantUrl = parse.GetValue(url)!,
                Urls = parse.GetValue(urls)!,
                TrustMode = parse.GetValue(mode) ?? (certificates.Count > 1 ? TrustMode.Overlap : TrustMode.Single),
                InitialCertificates = certificates,
                InitialAuthorities = authorities,
                Rate = parse.GetValue(rate),
                Concurrency = parse.GetValue(concurrency),
                SoapVersion = parse.GetValue(soap),
                OutcomeLogPath = parse.GetValue(log),
                StartTraffic = !parse.GetValue(noTraffic),
                StartPaused = parse.GetValue(paused),
                TenantTlsCertificate = tlsPin,
                AdminToken = token?.Value,
                AdminTokens = namedTokens,
                RequestSigning = signing,
                SigningAlias = parse.GetValue(signingAlias)!,
                SigningKeyAlgorithm = seedAlgorithm,
                Profile = parse.GetValue(profile)!,
            };
            problems.AddRange(options.Problems());
            if (problems.Count > 0)
            {
                foreach (var problem in problems) await error.WriteLineAsync(problem);
                return ExitCodes.Usage;
            }
            await using var host = await SenderHost.StartAsync(options, cancellationToken);
            if (!host.Trust.SeededNew && certificates.Count + authorities.Count > 0)
                await error.WriteLineAsync($"note: {host.Trust.FilePath} already exists; --trust, --trust-ca and --mode seed only a new data directory and were ignored");
            await output.WriteLineAsync($"sender admin API on {host.Address} (token: {host.Token.StoredAt ?? token?.Source})");
            await output.WriteLineAsync($"tenant endpoint {host.Client.Options.ResolvedEndpoint}, trust {host.Trust.Current.Mode} with {host.Trust.Current.Entries.Length} certificate(s) and {host.Trust.Current.Authorities.Length} CA(s) (basis {TrustBasisText.Name(host.Trust.Current.Basis)}), sender profile {host.Profiled.Profile}");
            var keys = host.Keystore.Current;
            await output.WriteLineAsync(keys.Signature is { } signature
                ? $"requests signed with '{signature.Alias}' ({signature.Key.Fingerprint}, {keys.Signing.KeyReference})"
                : $"requests unsigned (signing alias '{keys.SigningAlias}' holds {keys.SigningKeyPair?.Fingerprint})");
            // Ctrl+C reaches either the command line (cancellationToken) or ASP.NET's console lifetime (stopping).
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, host.App.Lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C / SIGTERM: fall through to an orderly stop
            }
            await host.StopAsync(CancellationToken.None);
            var totals = host.Statistics.Snapshot(1).Totals;
            await output.WriteLineAsync($"stopped: {totals.Requests} requests, {totals.Verified} verified, {totals.Rejected} rejected, {totals.SoapFaults} faults, {totals.TransportErrors} transport errors");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The signing settings the command line asks for; null when it names none (the keystore keeps its own).</summary>
    private static RequestSigningSettings? RequestSigning(string? onOff, string? keyReferenceText, List<string> problems)
    {
        var reference = KeyReference.BinarySecurityToken;
        if (keyReferenceText is not null && !KeyReferenceText.TryParse(keyReferenceText, out reference))
            problems.Add("--request-key-reference: " + KeyReferenceText.Refusal(keyReferenceText));
        bool? enabled = onOff?.Trim().ToLowerInvariant() switch
        {
            null => keyReferenceText is null ? null : true,
            "on" => true,
            "off" => false,
            _ => null,
        };
        if (onOff is not null && enabled is null) problems.Add($"--request-signing must be on or off, not '{onOff}'");
        return enabled is { } on ? new RequestSigningSettings(on, reference) : null;
    }

    /// <summary>The command line's value, else the environment variable's (non-empty), with where it came from.</summary>
    private static (string Value, string Source)? Setting(string? commandLine, string option, string variable, IDictionary environment) =>
        commandLine is not null ? (commandLine, option)
        : environment[variable] is string { Length: > 0 } value ? (value, variable)
        : null;
}
