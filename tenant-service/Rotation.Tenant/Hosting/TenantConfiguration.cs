using System.Collections;
using System.CommandLine;
using System.Globalization;
using Rotation.Shared.Admin;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Orders;
using Rotation.Tenant.Signing;

namespace Rotation.Tenant.Hosting;

/// <summary>
/// The tenant-service program's configuration: one System.CommandLine option per <see cref="TenantSetting"/>, each
/// falling back to its environment variable, mapped onto <see cref="TenantOptions"/> and validated before anything
/// starts. Every problem (unknown options, unreadable values, invalid options) is a parse error, all reported at once.
/// </summary>
public static class TenantConfiguration
{
    public static IReadOnlyList<TenantSetting> Settings { get; } =
    [
        new("urls", "URLS", "http://127.0.0.1:8080, or ASPNETCORE_URLS", "Kestrel URLs (port 0: the OS chooses)."),
        new("data-dir", "DIR", "./data", "Keystore, metadata, signer step, message log, audit trail and generated secrets."),
        new("admin-token", "TOKEN", "generated into DATA/admin.token (0600)", "Bearer token of the admin API."),
        new("admin-tokens", "NAME=TOKEN,…", "none", "Further admin tokens by name, alice=<token>,ci=<token>: each caller's name is who the audit trail records; tokens of at least 16 characters, all different."),
        new("cpi-clients", "ID=SECRET,…", "none (/api/v1 refuses every call)", "API clients of the platform's keystore API (/api/v1, /oauth/token): client id and secret, used with Basic or OAuth client credentials; secrets of at least 16 characters, all different."),
        new("cpi-token-lifetime-seconds", "SECONDS", "3600", "Lifetime of the bearer tokens /oauth/token issues (1 s to 1 day)."),
        new("keystore-password", "PASSWORD", "generated into DATA/keystore.password (0600)", "Password of the keystore's PKCS#12."),
        new("signer-alias", "ALIAS", SignerStep.DefaultAlias, "Alias the signer step signs with."),
        new("signer-algorithm", "ALGORITHM", "auto (the key's default: RSA-SHA256, ECDSA-SHA256/384)", $"Signature algorithm: auto, {string.Join(", ", Enum.GetNames<SignatureAlgorithm>())}."),
        new("signer-key-reference", "REFERENCE", nameof(KeyReference.BinarySecurityToken), "How the signature names its key: BinarySecurityToken, or IssuerSerial (certificate not included)."),
        new("signer-timestamp-ttl", "SECONDS", "300", "Seconds between wsu:Created and wsu:Expires."),
        new("signer-alias-header", "HEADER", "off", "Request header that may name the alias (dynamic alias), e.g. X-Signer-Alias."),
        new("signer-alias-header-aliases", "ALIAS,…", "only the signer step's alias", "Aliases the dynamic alias header may name (comma list, at most 32); any other is refused with a signed fault."),
        new("initial-key", "KEY", KeyAlgorithm.Rsa4096.Format(), $"Key pair created on an empty keystore: {KeyAlgorithmText.Description}."),
        new("inbound-verification", "off|required", "off", "Inbound verification of the flow: required refuses every request not signed (Body and Timestamp) by a certificate under one of --inbound-aliases."),
        new("inbound-aliases", "ALIAS,…", "none", $"Public key aliases whose certificates may sign requests (comma list, at most {Inbound.InboundVerification.MaxPublicKeyAliases}); an alias may be listed before a certificate is imported under it."),
        new("latency-ms", "MS", "0", "Processing latency added to every request (rehearsals)."),
        new("failure-share", "SHARE", "0", "Share of requests answered with a signed SOAP fault, 0 to 1."),
        new("history-retention-days", "DAYS", "90", "Key history retention in days; values below 90 are refused."),
        new("expiry-warning-days", "DAYS", "30", "Listings and metrics warn when a certificate expires within this many days."),
        new("sign-responses", "true|false", "true", "false only for a load benchmark's baseline: responses leave unsigned through the same pipeline."),
        new("message-retention-days", "DAYS", "14", "Message log rows older than this are pruned (hourly)."),
        new("log-level", "LEVEL", nameof(LogLevel.Warning), $"ASP.NET Core's own log level: {string.Join(", ", Enum.GetNames<LogLevel>())}; Information adds two lines per request."),
        new("store", "CONNECTION", "none: the data directory", "Keep the tenant state in PostgreSQL (an Npgsql connection string), shared by every node; needs the store secret."),
        new("store-secret-file", "FILE", $"none: {StoreSecretVariable}", $"File holding the key-encryption secret the private keys are stored under in --store (at least 16 characters); or put the secret itself in {StoreSecretVariable}, never on the command line."),
        new("node-name", "NAME", "MACHINE-PID (machine name and process id)", "This node's name in GET /admin/cluster."),
        new("propagation-delay", "DURATION", "0 (deploy at once)", "With --store: wait this long after learning of a change before deploying it (a slow worker node, on purpose): 250ms, 2s, 1.5m; at most 10m."),
    ];

    /// <summary>The store secret itself; read from the environment only, so that it never shows in a process list.</summary>
    public const string StoreSecretVariable = "ROTATION_STORE_SECRET";

    /// <summary>The options, or every problem found on the command line and in the environment.</summary>
    public sealed record Parsed(TenantOptions? Options, IReadOnlyList<string> Problems)
    {
        public string? Problem => Problems.Count == 0 ? null : string.Join(Environment.NewLine, Problems);
    }

    /// <summary>The program's command: <paramref name="run"/> gets options that passed validation; --help lists every setting.</summary>
    public static RootCommand CreateCommand(IDictionary environment, Func<TenantOptions, CancellationToken, Task<int>> run)
    {
        var options = Settings.ToDictionary(s => s, s => new Option<string?>(s.OptionName) { Description = s.HelpText, HelpName = s.HelpName });
        var root = new RootCommand("Rotation tenant-service: the mock integration tenant. Signs every SOAP response of /cxf/orders with the key pair under the signer step's alias; keystore, key history, message log and admin API. Each option may also come from its environment variable; the command line wins.");
        foreach (var option in options.Values) root.Options.Add(option);
        root.Validators.Add(result =>
        {
            foreach (var problem in Bind(setting => result.GetValue(options[setting]), environment).Problems) result.AddError(problem);
        });
        root.SetAction((parse, cancellationToken) => run(Bind(setting => parse.GetValue(options[setting]), environment).Options!, cancellationToken));
        return root;
    }

    /// <summary>Parses without starting anything: what the program would start with, or every problem.</summary>
    public static Parsed FromArgs(string[] args, IDictionary environment)
    {
        TenantOptions? options = null;
        var parse = CreateCommand(environment, (parsed, _) =>
        {
            options = parsed;
            return Task.FromResult(0);
        }).Parse(args);
        if (parse.Errors.Count > 0) return new(null, [.. parse.Errors.Select(e => e.Message)]);
        parse.Invoke();
        return new(options, []);
    }

    private static Parsed Bind(Func<TenantSetting, string?> commandLine, IDictionary environment)
    {
        var values = new SettingValues(commandLine, environment);
        var step = new SignerStep
        {
            Alias = values.Text("signer-alias") ?? SignerStep.DefaultAlias,
            Algorithm = values.Get<SignatureAlgorithm?>("signer-algorithm", null, "auto or a signature algorithm such as RsaSha256 or EcdsaSha384", ParseSignatureAlgorithm),
            KeyReference = values.Get("signer-key-reference", KeyReference.BinarySecurityToken, "BinarySecurityToken or IssuerSerial", EnumName),
            TimestampTimeToLive = TimeSpan.FromSeconds(values.Get("signer-timestamp-ttl", 300d, "a number of seconds", Number)),
            AliasHeader = values.Text("signer-alias-header"),
            AllowedAliases = values.Text("signer-alias-header-aliases")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
        };
        var historyDays = values.Get("history-retention-days", 90d, "a number of days", Number);
        if (historyDays < KeystoreOptions.MinimumHistoryRetention.TotalDays)
            values.Problems.Add($"{values.Source("history-retention-days")} cannot be lower than 90 (the key history floor)");
        var options = new TenantOptions
        {
            DataDir = values.Text("data-dir") ?? "./data",
            Urls = values.Text("urls") ?? environment["ASPNETCORE_URLS"] as string ?? "http://127.0.0.1:8080",
            AdminToken = values.Text("admin-token"),
            AdminTokens = values.AdminTokens("admin-tokens"),
            CpiClients = values.AdminTokens("cpi-clients"),
            CpiTokenLifetime = TimeSpan.FromSeconds(values.Get("cpi-token-lifetime-seconds", 3600d, "a number of seconds", Number)),
            KeystorePassword = values.Text("keystore-password"),
            SignerStep = step,
            InitialKeyAlgorithm = values.Get("initial-key", KeyAlgorithm.Rsa4096, $"one of {KeyAlgorithmText.Description}", KeyAlgorithmText.TryParse),
            SignResponses = values.Get("sign-responses", true, "true or false", bool.TryParse),
            Flow = new FlowSettings
            {
                ProcessingLatency = TimeSpan.FromMilliseconds(values.Get("latency-ms", 0d, "a number of milliseconds", Number)),
                FailureShare = values.Get("failure-share", 0d, "a number between 0 and 1", Number),
                Inbound = new Inbound.InboundVerification
                {
                    Mode = values.Get("inbound-verification", InboundVerificationMode.Off, "off or required", EnumName),
                    PublicKeyAliases = values.Text("inbound-aliases")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
                },
            },
            Keystore = new KeystoreOptions
            {
                HistoryRetention = TimeSpan.FromDays(historyDays),
                ExpiryWarningDays = values.Get("expiry-warning-days", 30, "a whole number of days", Integer),
            },
            MessageRetention = TimeSpan.FromDays(values.Get("message-retention-days", 14d, "a number of days", Number)),
            FrameworkLogLevel = values.Get("log-level", LogLevel.Warning, $"one of {string.Join(", ", Enum.GetNames<LogLevel>())}", EnumName),
            Store = values.Text("store"),
            StoreSecret = values.StoreSecret("store-secret-file", environment),
        };
        if (values.Text("node-name") is { } node) options = options with { NodeName = node };
        options = options with { PropagationDelay = values.Get("propagation-delay", TimeSpan.Zero, "a duration such as 250ms, 2s or 1.5m", DurationText.TryParse) };
        var problems = values.Problems.Concat(options.Problems()).ToArray();
        return problems.Length == 0 ? new(options, []) : new(null, problems);
    }

    private delegate bool TryConvert<T>(string text, out T value);

    /// <summary>The raw values: the command line's, else the environment's; unreadable ones become problems naming their source.</summary>
    private sealed class SettingValues(Func<TenantSetting, string?> commandLine, IDictionary environment)
    {
        public List<string> Problems { get; } = [];

        public string? Text(string key) => Raw(key)?.Value;

        public string Source(string key) => Raw(key)?.Source ?? Setting(key).OptionName;

        public T Get<T>(string key, T fallback, string expected, TryConvert<T> convert)
        {
            if (Raw(key) is not { } raw) return fallback;
            if (convert(raw.Value, out var value)) return value;
            Problems.Add($"{raw.Source} must be {expected}, not '{Shorten(raw.Value)}'");
            return fallback;
        }

        /// <summary>Named admin tokens; a malformed list is a problem with its own reason (which name, what is wrong).</summary>
        public IReadOnlyDictionary<string, string> AdminTokens(string key)
        {
            if (Raw(key) is not { } raw) return new Dictionary<string, string>();
            try
            {
                return NamedAdminTokens.Parse(raw.Value);
            }
            catch (FormatException e)
            {
                Problems.Add($"{raw.Source}: {e.Message}");
                return new Dictionary<string, string>();
            }
        }

        /// <summary>The secret file's content (trimmed) when one is named, else the secret variable; an unreadable file is a problem.</summary>
        public string? StoreSecret(string fileKey, IDictionary variables)
        {
            if (Raw(fileKey) is not { } file) return variables[StoreSecretVariable] as string is { Length: > 0 } secret ? secret : null;
            try
            {
                return File.ReadAllText(file.Value).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Problems.Add($"{file.Source} {file.Value} cannot be read: {e.Message}");
                return null;
            }
        }

        private (string Value, string Source)? Raw(string key)
        {
            var setting = Setting(key);
            if (commandLine(setting) is { } given) return (given, setting.OptionName);
            return environment[setting.EnvironmentVariable] is string { Length: > 0 } variable ? (variable, setting.EnvironmentVariable) : null;
        }

        private static TenantSetting Setting(string key) => Settings.Single(s => s.Key == key);

        private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
    }

    private static bool Number(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static bool Integer(string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary>A member's name, case-insensitive; never a number (Enum.TryParse would take "42").</summary>
    private static bool EnumName<T>(string text, out T value) where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !text.Trim().All(c => char.IsAsciiDigit(c) || c is '-' or '+');

    private static bool ParseSignatureAlgorithm(string text, out SignatureAlgorithm? value)
    {
        value = null;
        if (text.Equals("auto", StringComparison.OrdinalIgnoreCase)) return true;
        if (!EnumName<SignatureAlgorithm>(text.Replace("-", "", StringComparison.Ordinal), out var algorithm)) return false;
        value = algorithm;
        return true;
    }
}
