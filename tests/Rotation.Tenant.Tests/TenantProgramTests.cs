using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Hosting;
using Rotation.Tenant.Tests.Support;
using Rotation.Testing.Processes;

namespace Rotation.Tenant.Tests;

/// <summary>The tenant-service program as an operator runs it: a real process, its --help, its usage errors, its keys.</summary>
public sealed class TenantProgramTests
{
    [Fact]
    public async Task Help_describes_every_option_and_its_environment_variable()
    {
        var (code, output, _) = await RunToExitAsync(["--help"]);

        Assert.Equal(0, code);
        Assert.Contains("--data-dir <DIR>", output);
        Assert.Contains("[env: ROTATION_ADMIN_TOKEN]", output);
        Assert.Contains("--initial-key <KEY>", output);
        Assert.Contains("EC-P384", output);
        Assert.Equal(27, TenantConfiguration.Settings.Count);
        foreach (var setting in TenantConfiguration.Settings)
        {
            var line = output.Split('\n').SingleOrDefault(l => l.TrimStart().StartsWith(setting.OptionName + " ", StringComparison.Ordinal));
            Assert.True(line is not null, $"{setting.OptionName} is not in --help:\n{output}");
            // Help wraps long descriptions, so the variable may sit on a following line: look in the whole text.
            Assert.Contains($"[env: {setting.EnvironmentVariable}]", output);
        }
    }

    [Fact]
    public async Task Several_invalid_options_are_reported_together_with_exit_2_before_anything_starts()
    {
        var dataDir = Path.Combine(TestTenant.NewDataDir(), "never-created");
        try
        {
            var (code, output, error) = await RunToExitAsync(
                ["--data-dir", dataDir, "--initial-key", "EC-P521", "--latency-ms", "soon", "--unknown-option", "x"],
                new() { ["ROTATION_FAILURE_SHARE"] = "1.5", ["ROTATION_LOG_LEVEL"] = "loud" });

            Assert.Equal(2, code);
            Assert.Contains("--unknown-option", error);
            Assert.Contains("--initial-key must be one of RSA-2048, RSA-3072, RSA-4096, EC-P256, EC-P384", error);
            Assert.Contains("--latency-ms must be a number", error);
            Assert.Contains("ROTATION_LOG_LEVEL must be one of", error);
            Assert.Contains("failure share must be between 0 and 1", error);
            Assert.DoesNotContain("listening", output);
            Assert.False(Directory.Exists(dataDir), "a refused configuration must not touch the data directory");
        }
        finally
        {
            TestTenant.TryDelete(Path.GetDirectoryName(dataDir)!);
        }
    }

    /// <summary>The defect: the old parser split "EC-P384" on '-', could not read "P384" as a size and made a P-256 key.</summary>
    [Fact]
    public async Task Initial_key_EC_P384_makes_a_P384_key_pair_in_the_real_process()
    {
        var dataDir = TestTenant.NewDataDir();
        try
        {
            await using var tenant = await ChildTenant.StartAsync(dataDir, "EC-P384");
            var entry = await tenant.GetAsync(TenantRoutes.Entry("tenant-signing"));

            Assert.Equal("EC", entry.GetProperty("keyAlgorithm").GetString());
            Assert.Equal(384, entry.GetProperty("keySize").GetInt32());
            Assert.True(await tenant.SignsAsync());
        }
        finally
        {
            TestTenant.TryDelete(dataDir);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunToExitAsync(string[] args, Dictionary<string, string>? environment = null)
    {
        // Only what the test sets: a ROTATION_* variable of the machine running the tests must not leak in.
        var command = ProcessCommand.Dotnet("Rotation.Tenant.dll", args).WithoutInherited("ROTATION_")
            .WithVariables(environment);
        var outcome = await ChildProcess.RunAsync(command);
        Assert.False(outcome.TimedOut, outcome.Describe());
        return (outcome.ExitCode, outcome.StandardOutput, outcome.StandardError);
    }
}

/// <summary>The admin API's key-pair request reads key algorithms through the same parser as the command lines.</summary>
public sealed class KeyPairAlgorithmApiTests : IAsyncLifetime
{
    private TestTenant _tenant = null!;

    public async Task InitializeAsync() => _tenant = await TestTenant.StartAsync(o => o with { InitialKeyAlgorithm = KeyAlgorithm.EcP256 });

    public async Task DisposeAsync() => await _tenant.DisposeAsync();

    [Fact]
    public async Task Every_spelling_of_every_algorithm_creates_that_key_pair()
    {
        var created = 0;
        foreach (var algorithm in Enum.GetValues<KeyAlgorithm>())
            foreach (var spelling in KeyAlgorithmText.SpellingsOf(algorithm))
            {
                var entry = await _tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.KeyPairs,
                    new { alias = $"key-{created++}", keyAlgorithm = spelling.ToLowerInvariant(), validityDays = 30 });
                Assert.Equal(algorithm.IsEc() ? "EC" : "RSA", entry.GetProperty("keyAlgorithm").GetString());
                Assert.Equal(algorithm.KeySize(), entry.GetProperty("keySize").GetInt32());
            }
        Assert.Equal(18, created);
    }

    [Theory]
    [InlineData("EC", 384, "EC", 384)]
    [InlineData("ECDSA", null, "EC", 256)]
    [InlineData("RSA", 3072, "RSA", 3072)]
    [InlineData("EC-P384", 384, "EC", 384)]
    public async Task Family_and_size_still_work(string family, int? size, string expectedFamily, int expectedSize)
    {
        var entry = await _tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.KeyPairs, new { alias = "sized", keyAlgorithm = family, keySize = size, validityDays = 30 });
        Assert.Equal(expectedFamily, entry.GetProperty("keyAlgorithm").GetString());
        Assert.Equal(expectedSize, entry.GetProperty("keySize").GetInt32());
    }

    [Theory]
    [InlineData("EC-P384", 256)]
    [InlineData("EC-P521", null)]
    [InlineData("RSA-1024", null)]
    [InlineData("EC", 521)]
    public async Task A_name_that_is_no_key_algorithm_or_contradicts_its_size_is_refused(string family, int? size)
    {
        using var response = await _tenant.Admin.PostAsJsonAsync(TenantRoutes.KeyPairs, new { alias = "refused", keyAlgorithm = family, keySize = size });
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("UnsupportedKey", problem.GetProperty("code").GetString());
        Assert.Equal(0, (await _tenant.GetJsonAsync(TenantRoutes.Entries)).EnumerateArray().Count(e => e.GetProperty("alias").GetString() == "refused"));
    }
}
