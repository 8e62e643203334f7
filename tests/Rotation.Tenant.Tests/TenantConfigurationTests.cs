using System.Collections;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Hosting;

namespace Rotation.Tenant.Tests;

/// <summary>Program's mapping of command line and environment onto TenantOptions.</summary>
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
    }

    [Theory]
    [InlineData("--history-retention-days", "30")]
    [InlineData("--initial-key", "RSA-1024")]
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
