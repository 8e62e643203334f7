using System.Collections;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Hosting;

namespace Rotation.Tenant.Tests;

/// <summary>Program's mapping of command line and environment onto TenantOptions (System.CommandLine, validated before anything starts).</summary>
public sealed class TenantConfigurationTests
{
    [Fact]
    public void Command_line_wins_over_environment_and_maps_every_setting()
    {
        var environment = new Hashtable
        {
            ["ROTATION_DATA_DIR"] = "/from/env",
            ["ROTATION_SIGNER_ALIAS"] = "env-alias",
            ["ROTATION_FAILURE_SHARE"] = "0.25",
            ["ROTATION_ADMIN_TOKEN"] = "env-token",
        };
        var parsed = TenantConfiguration.FromArgs(
            ["--urls", "http://127.0.0.1:9999", "--data-dir=/from/args", "--signer-algorithm", "rsa-sha512", "--signer-key-reference", "IssuerSerial",
             "--signer-timestamp-ttl", "60", "--signer-alias-header", "X-Signer-Alias", "--initial-key", "EC-384", "--latency-ms", "20", "--history-retention-days", "120",
             "--log-level", "information", "--admin-tokens", "alice=alice-token-0123456789, bob=bob-token-0123456789"],
            environment);
        Assert.Null(parsed.Problem);
        var options = parsed.Options!;
        Assert.Equal("http://127.0.0.1:9999", options.Urls);
        Assert.Equal("/from/args", options.DataDir);
        Assert.Equal("env-token", options.AdminToken);
        Assert.Equal("env-alias", options.SignerStep.Alias);
        Assert.Equal(SignatureAlgorithm.RsaSha512, options.SignerStep.Algorithm);
        Assert.Equal(KeyReference.IssuerSerial, options.SignerStep.KeyReference);
        Assert.Equal(TimeSpan.FromSeconds(60), options.SignerStep.TimestampTimeToLive);
        Assert.Equal("X-Signer-Alias", options.SignerStep.AliasHeader);
        Assert.Equal(KeyAlgorithm.EcP384, options.InitialKeyAlgorithm);
        Assert.Equal(TimeSpan.FromMilliseconds(20), options.Flow.ProcessingLatency);
        Assert.Equal(0.25, options.Flow.FailureShare);
        Assert.Equal(TimeSpan.FromDays(120), options.Keystore.EffectiveHistoryRetention);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, options.FrameworkLogLevel);
        Assert.Equal(new Dictionary<string, string> { ["alice"] = "alice-token-0123456789", ["bob"] = "bob-token-0123456789" }, options.AdminTokens);
    }

    [Fact]
    public void Defaults_are_the_platform_defaults()
    {
        var options = TenantConfiguration.FromArgs([], new Hashtable()).Options!;
        Assert.Equal("tenant-signing", options.SignerStep.Alias);
        Assert.Null(options.SignerStep.Algorithm);
        Assert.Equal(KeyReference.BinarySecurityToken, options.SignerStep.KeyReference);
        Assert.Equal(KeyAlgorithm.Rsa4096, options.InitialKeyAlgorithm);
        Assert.StartsWith("http://127.0.0.1:", options.Urls);
        Assert.Equal(TimeSpan.FromDays(90), options.Keystore.EffectiveHistoryRetention);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, options.FrameworkLogLevel);
        Assert.Equal(Rotation.Tenant.Contracts.InboundVerificationMode.Off, options.Flow.Inbound.Mode);
    }

    [Fact]
    public void Inbound_verification_starts_required_with_its_aliases_and_is_refused_without_any()
    {
        var options = TenantConfiguration.FromArgs(["--inbound-verification", "required", "--inbound-aliases", "sender-a,sender-b"], new Hashtable()).Options!;
        Assert.True(options.Flow.Inbound.IsRequired);
        Assert.Equal(["sender-a", "sender-b"], options.Flow.Inbound.PublicKeyAliases);

        var problems = TenantConfiguration.FromArgs(["--inbound-verification", "required", "--inbound-aliases", "ok,bad alias"], new Hashtable()).Problems;
        Assert.Contains(problems, p => p.Contains("public key aliases: alias 'bad alias' is invalid", StringComparison.Ordinal));
        Assert.Contains(TenantConfiguration.FromArgs(["--inbound-verification", "required"], new Hashtable()).Problems,
            p => p.Contains("required inbound verification needs at least one public key alias", StringComparison.Ordinal));
        Assert.Contains(TenantConfiguration.FromArgs(["--inbound-verification", "sometimes"], new Hashtable()).Problems,
            p => p.Contains("--inbound-verification must be off or required, not 'sometimes'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--history-retention-days", "30")]
    [InlineData("--initial-key", "RSA-1024")]
    [InlineData("--initial-key", "EC-P521")]
    [InlineData("--initial-key", "EC")]
    [InlineData("--signer-algorithm", "5")]
    [InlineData("--sign-responses", "maybe")]
    [InlineData("--expiry-warning-days", "1.5")]
    [InlineData("--failure-share", "1.5")]
    [InlineData("--signer-key-reference", "Thumbprint")]
    [InlineData("--no-such-option", "x")]
    [InlineData("--latency-ms", "soon")]
    [InlineData("--log-level", "loud")]
    [InlineData("--admin-tokens", "alice=short")]
    [InlineData("--admin-tokens", "admin=reserved-name-0123456789")]
    [InlineData("--admin-tokens", "no-equals-sign-0123456789")]
    [InlineData("--admin-tokens", "a b=token-with-space-in-name-0123")]
    [InlineData("--log-level", "42")]
    public void Invalid_settings_are_refused_with_a_reason(string option, string value)
    {
        var parsed = TenantConfiguration.FromArgs([option, value], new Hashtable());
        Assert.NotNull(parsed.Problem);
    }

    /// <summary>Every spelling KeyAlgorithmText accepts (its own tests pin that list down).</summary>
    public static TheoryData<string, KeyAlgorithm> KeySpellings()
    {
        var data = new TheoryData<string, KeyAlgorithm>();
        foreach (var algorithm in Enum.GetValues<KeyAlgorithm>())
            foreach (var spelling in KeyAlgorithmText.SpellingsOf(algorithm)) data.Add(spelling, algorithm);
        return data;
    }

    /// <summary>Every spelling, through the command line and through ROTATION_INITIAL_KEY.</summary>
    [Theory]
    [MemberData(nameof(KeySpellings))]
    public void Every_key_spelling_reaches_the_initial_key(string spelling, KeyAlgorithm expected)
    {
        Assert.Equal(expected, TenantConfiguration.FromArgs(["--initial-key", spelling.ToLowerInvariant()], new Hashtable()).Options!.InitialKeyAlgorithm);
        Assert.Equal(expected, TenantConfiguration.FromArgs([], new Hashtable { ["ROTATION_INITIAL_KEY"] = spelling }).Options!.InitialKeyAlgorithm);
    }

    [Fact]
    public void Every_setting_maps_from_its_environment_variable()
    {
        var environment = new Hashtable
        {
            ["ROTATION_URLS"] = "http://127.0.0.1:7001",
            ["ROTATION_DATA_DIR"] = "/env/data",
            ["ROTATION_ADMIN_TOKEN"] = "env-admin-token",
            ["ROTATION_ADMIN_TOKENS"] = "ci=ci-token-0123456789abcdef",
            ["ROTATION_KEYSTORE_PASSWORD"] = "env-password",
            ["ROTATION_CPI_CLIENTS"] = "ops=ops-secret-0123456789",
            ["ROTATION_CPI_TOKEN_LIFETIME_SECONDS"] = "120",
            ["ROTATION_SIGNER_ALIAS"] = "env-alias",
            ["ROTATION_SIGNER_ALGORITHM"] = "ecdsa-sha384",
            ["ROTATION_SIGNER_KEY_REFERENCE"] = "issuerserial",
            ["ROTATION_SIGNER_TIMESTAMP_TTL"] = "42",
            ["ROTATION_SIGNER_ALIAS_HEADER"] = "X-Alias",
            ["ROTATION_SIGNER_ALIAS_HEADER_ALIASES"] = "env-alias, env-next",
            ["ROTATION_INITIAL_KEY"] = "P-384",
            ["ROTATION_INBOUND_VERIFICATION"] = "Required",
            ["ROTATION_INBOUND_ALIASES"] = "sender-old, sender-new",
            ["ROTATION_LATENCY_MS"] = "7",
            ["ROTATION_FAILURE_SHARE"] = "0.5",
            ["ROTATION_HISTORY_RETENTION_DAYS"] = "180",
            ["ROTATION_EXPIRY_WARNING_DAYS"] = "11",
            ["ROTATION_SIGN_RESPONSES"] = "false",
            ["ROTATION_MESSAGE_RETENTION_DAYS"] = "3",
            ["ROTATION_LOG_LEVEL"] = "error",
            ["ROTATION_STORE"] = "Host=db.example;Database=tenant;Username=rotation",
            ["ROTATION_STORE_SECRET_FILE"] = StoreSecretFile,
            ["ROTATION_NODE_NAME"] = "node-7",
            ["ROTATION_PROPAGATION_DELAY"] = "1.5s",
        };
        // A setting added without a line here fails this test.
        Assert.Equal(TenantConfiguration.Settings.Select(s => s.EnvironmentVariable).Order(), environment.Keys.Cast<string>().Order());

        var parsed = TenantConfiguration.FromArgs([], environment);

        Assert.Null(parsed.Problem);
        var options = parsed.Options!;
        Assert.Equal("http://127.0.0.1:7001", options.Urls);
        Assert.Equal("/env/data", options.DataDir);
        Assert.Equal("env-admin-token", options.AdminToken);
        Assert.Equal(new Dictionary<string, string> { ["ci"] = "ci-token-0123456789abcdef" }, options.AdminTokens);
        Assert.Equal("env-password", options.KeystorePassword);
        Assert.Equal(new Dictionary<string, string> { ["ops"] = "ops-secret-0123456789" }, options.CpiClients);
        Assert.Equal(TimeSpan.FromSeconds(120), options.CpiTokenLifetime);
        Assert.Equal("env-alias", options.SignerStep.Alias);
        Assert.Equal(SignatureAlgorithm.EcdsaSha384, options.SignerStep.Algorithm);
        Assert.Equal(KeyReference.IssuerSerial, options.SignerStep.KeyReference);
        Assert.Equal(TimeSpan.FromSeconds(42), options.SignerStep.TimestampTimeToLive);
        Assert.Equal("X-Alias", options.SignerStep.AliasHeader);
        Assert.Equal(["env-alias", "env-next"], options.SignerStep.AllowedAliases);
        Assert.Equal(KeyAlgorithm.EcP384, options.InitialKeyAlgorithm);
        Assert.Equal(TimeSpan.FromMilliseconds(7), options.Flow.ProcessingLatency);
        Assert.Equal(0.5, options.Flow.FailureShare);
        Assert.Equal(Rotation.Tenant.Contracts.InboundVerificationMode.Required, options.Flow.Inbound.Mode);
        Assert.Equal(["sender-old", "sender-new"], options.Flow.Inbound.PublicKeyAliases);
        Assert.Equal(TimeSpan.FromDays(180), options.Keystore.HistoryRetention);
        Assert.Equal(11, options.Keystore.ExpiryWarningDays);
        Assert.False(options.SignResponses);
        Assert.Equal(TimeSpan.FromDays(3), options.MessageRetention);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, options.FrameworkLogLevel);
        Assert.Equal("Host=db.example;Database=tenant;Username=rotation", options.Store);
        Assert.Equal("file-secret-0123456789", options.StoreSecret);
        Assert.Equal("node-7", options.NodeName);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.PropagationDelay);
    }

    /// <summary>A secret file for the mapping test; the store's own tests cover reading it.</summary>
    private static string StoreSecretFile
    {
        get
        {
            var file = Path.Combine(Path.GetTempPath(), $"rotation-store-secret-{Environment.ProcessId}");
            File.WriteAllText(file, "file-secret-0123456789\n");
            return file;
        }
    }

    [Fact]
    public void Every_problem_is_reported_at_once_naming_where_the_value_came_from()
    {
        var parsed = TenantConfiguration.FromArgs(
            ["--initial-key", "EC-P521", "--latency-ms", "soon", "--no-such-option", "--history-retention-days", "30"],
            new Hashtable { ["ROTATION_FAILURE_SHARE"] = "2", ["ROTATION_SIGNER_KEY_REFERENCE"] = "Thumbprint", ["ROTATION_ADMIN_TOKENS"] = "alice=short" });

        Assert.Null(parsed.Options);
        var problems = string.Join("\n", parsed.Problems);
        Assert.Contains("--no-such-option", problems);
        Assert.Contains("--initial-key must be one of RSA-2048, RSA-3072, RSA-4096, EC-P256, EC-P384", problems);
        Assert.Contains("'EC-P521'", problems);
        Assert.Contains("--latency-ms must be a number", problems);
        Assert.Contains("--history-retention-days cannot be lower than 90", problems);
        Assert.Contains("key reference Thumbprint is not produced; use BinarySecurityToken or IssuerSerial", problems);
        Assert.Contains("ROTATION_ADMIN_TOKENS: admin token 'alice' must have at least 16 characters", problems);
        Assert.Contains("failure share must be between 0 and 1", problems);
        Assert.Equal(7, parsed.Problems.Count);
    }

    [Fact]
    public void The_same_token_twice_is_refused_before_start()
    {
        var parsed = TenantConfiguration.FromArgs(["--admin-token", "shared-token-0123456789", "--admin-tokens", "ci=shared-token-0123456789"], new Hashtable());
        Assert.Contains("every admin token must be different", parsed.Problem);
    }

    [Fact]
    public void Store_takes_its_secret_from_the_environment_or_from_a_file()
    {
        const string store = "Host=db.example;Database=tenant;Username=rotation";
        var fromEnvironment = TenantConfiguration.FromArgs(["--store", store], new Hashtable { [TenantConfiguration.StoreSecretVariable] = "environment-secret-0123456789" });
        Assert.Null(fromEnvironment.Problem);
        Assert.Equal(store, fromEnvironment.Options!.Store);
        Assert.Equal("environment-secret-0123456789", fromEnvironment.Options.StoreSecret);

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "file-secret-0123456789\n");
            var fromFile = TenantConfiguration.FromArgs(["--store-secret-file", file], new Hashtable { ["ROTATION_STORE"] = store });
            Assert.Null(fromFile.Problem);
            Assert.Equal(store, fromFile.Options!.Store);
            Assert.Equal("file-secret-0123456789", fromFile.Options.StoreSecret);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Null(TenantConfiguration.FromArgs([], new Hashtable()).Options!.Store);
        Assert.Equal("node-7", TenantConfiguration.FromArgs(["--node-name", "node-7"], new Hashtable()).Options!.NodeName);
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("2s", 2000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("0", 0)]
    [InlineData(" 10MS ", 10)]
    public void A_propagation_delay_is_a_number_and_a_unit(string text, double milliseconds)
    {
        var parsed = TenantConfiguration.FromArgs(["--store", "Host=db;Database=tenant", "--propagation-delay", text],
            new Hashtable { [TenantConfiguration.StoreSecretVariable] = "environment-secret-0123456789" });
        Assert.Null(parsed.Problem);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), parsed.Options!.PropagationDelay);
    }

    [Theory]
    [InlineData(new[] { "--store", "Host=db;Database=tenant", "--propagation-delay", "250" }, "--propagation-delay must be a duration such as 250ms, 2s or 1.5m, not '250'")]
    [InlineData(new[] { "--store", "Host=db;Database=tenant", "--propagation-delay", "-1s" }, "must be a duration")]
    [InlineData(new[] { "--store", "Host=db;Database=tenant", "--propagation-delay", "11m" }, "between 0 and 10 minutes")]
    [InlineData(new[] { "--propagation-delay", "1s" }, "a propagation delay needs --store")]
    public void A_propagation_delay_that_cannot_be_used_is_refused_clearly(string[] args, string reason)
    {
        var parsed = TenantConfiguration.FromArgs(args, new Hashtable { [TenantConfiguration.StoreSecretVariable] = "environment-secret-0123456789" });
        Assert.Null(parsed.Options);
        Assert.Contains(reason, parsed.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--store", "Host=db;Database=tenant" }, "--store-secret-file FILE or ROTATION_STORE_SECRET")]
    [InlineData(new[] { "--store", "Host=db;Database=tenant", "--store-secret-file", "/no/such/secret" }, "/no/such/secret cannot be read")]
    [InlineData(new[] { "--store", "Hots=db" }, "not a valid Npgsql connection string")]
    [InlineData(new[] { "--store-secret-file", "/dev/null" }, "no --store")]
    public void Store_without_a_usable_secret_or_connection_string_is_refused_clearly(string[] args, string reason)
    {
        var environment = new Hashtable();
        if (args.Contains("Hots=db")) environment[TenantConfiguration.StoreSecretVariable] = "environment-secret-0123456789";

        var parsed = TenantConfiguration.FromArgs(args, environment);

        Assert.Contains(reason, parsed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_store_secret_is_refused()
    {
        var parsed = TenantConfiguration.FromArgs(["--store", "Host=db"], new Hashtable { [TenantConfiguration.StoreSecretVariable] = "short" });
        Assert.Contains("at least 16 characters", parsed.Problem, StringComparison.Ordinal);
    }
}
