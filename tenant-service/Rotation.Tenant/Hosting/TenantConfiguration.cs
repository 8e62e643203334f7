using System.Collections;
using System.Globalization;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Orders;
using Rotation.Tenant.Signing;

namespace Rotation.Tenant.Hosting;

/// <summary>
/// Maps command-line options (<c>--data-dir DIR</c>) and environment variables (<c>ROTATION_DATA_DIR</c>) onto
/// <see cref="TenantOptions"/>; the command line wins. Every key is listed in <see cref="Keys"/>.
/// </summary>
public static class TenantConfiguration
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "urls", "data-dir", "admin-token", "admin-tokens", "keystore-password",
        "signer-alias", "signer-algorithm", "signer-key-reference", "signer-timestamp-ttl", "signer-alias-header", "signer-alias-header-aliases",
        "initial-key", "latency-ms", "failure-share", "history-retention-days", "expiry-warning-days", "sign-responses", "message-retention-days",
        "log-level", "store", "store-secret-file", "node-name",
    ];

    /// <summary>The store secret itself; read from the environment only, so that it never shows in a process list.</summary>
    public const string StoreSecretVariable = "ROTATION_STORE_SECRET";

    public sealed record Parsed(TenantOptions? Options, string? Problem);

    public static Parsed FromArgs(string[] args, IDictionary environment)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in Keys)
        {
            var variable = "ROTATION_" + key.Replace('-', '_').ToUpperInvariant();
            if (environment[variable] is string value && value.Length > 0) values[key] = value;
        }
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return new(null, $"unexpected argument '{args[i]}'");
            var name = args[i][2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0) (name, value) = (name[..equals], name[(equals + 1)..]);
            else if (i + 1 < args.Length) value = args[++i];
            if (!Keys.Contains(name, StringComparer.OrdinalIgnoreCase)) return new(null, $"unknown option --{name}; known: {string.Join(", ", Keys.Select(k => "--" + k))}");
            if (value is null) return new(null, $"--{name} needs a value");
            values[name] = value;
        }

        try
        {
            string? Get(string key) => values.GetValueOrDefault(key);
            double? Number(string key) => Get(key) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : null;
            var step = new SignerStep
            {
                Alias = Get("signer-alias") ?? SignerStep.DefaultAlias,
                Algorithm = Get("signer-algorithm") is { } a && !a.Equals("auto", StringComparison.OrdinalIgnoreCase) ? Enum.Parse<SignatureAlgorithm>(a.Replace("-", "", StringComparison.Ordinal), ignoreCase: true) : null,
                KeyReference = Get("signer-key-reference") is { } r ? Enum.Parse<KeyReference>(r, ignoreCase: true) : KeyReference.BinarySecurityToken,
                TimestampTimeToLive = TimeSpan.FromSeconds(Number("signer-timestamp-ttl") ?? 300),
                AliasHeader = Get("signer-alias-header") is { Length: > 0 } h ? h : null,
                AllowedAliases = Get("signer-alias-header-aliases")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
            };
            var initialKey = KeySpec.ParseText(Get("initial-key") ?? "RSA-4096");
            if (!initialKey.Succeeded) return new(null, initialKey.Error!.Message);
            var options = new TenantOptions
            {
                DataDir = Get("data-dir") ?? "./data",
                Urls = Get("urls") ?? environment["ASPNETCORE_URLS"] as string ?? "http://127.0.0.1:8080",
                AdminToken = Get("admin-token"),
                AdminTokens = Rotation.Shared.Admin.NamedAdminTokens.Parse(Get("admin-tokens")),
                KeystorePassword = Get("keystore-password"),
                SignerStep = step,
                InitialKeyAlgorithm = initialKey.Value,
                SignResponses = Get("sign-responses") is not { } sign || bool.Parse(sign),
                Flow = new FlowSettings { ProcessingLatency = TimeSpan.FromMilliseconds(Number("latency-ms") ?? 0), FailureShare = Number("failure-share") ?? 0 },
                Keystore = new KeystoreOptions
                {
                    HistoryRetention = TimeSpan.FromDays(Number("history-retention-days") ?? 90),
                    ExpiryWarningDays = (int)(Number("expiry-warning-days") ?? 30),
                },
                MessageRetention = TimeSpan.FromDays(Number("message-retention-days") ?? 14),
                FrameworkLogLevel = Get("log-level") is { } level ? LogLevelText(level) : LogLevel.Warning,
                Store = Get("store"),
                StoreSecret = StoreSecret(Get("store-secret-file"), environment),
            };
            if (Get("node-name") is { } node) options = options with { NodeName = node };
            if (Number("history-retention-days") is < 90)
                return new(null, "--history-retention-days cannot be lower than 90 (the key history floor)");
            return new(options, options.Problem());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return new(null, e.Message);
        }
    }

    /// <summary>The file's content (trimmed) when --store-secret-file is given, else ROTATION_STORE_SECRET.</summary>
    private static string? StoreSecret(string? file, IDictionary environment)
    {
        if (file is null) return environment[StoreSecretVariable] as string is { Length: > 0 } secret ? secret : null;
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--store-secret-file {file} cannot be read: {e.Message}", e);
        }
    }

    private static LogLevel LogLevelText(string text) =>
        !int.TryParse(text, out _) && Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level)
            ? level
            : throw new FormatException($"--log-level must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}");

}
