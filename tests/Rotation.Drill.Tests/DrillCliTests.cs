using System.CommandLine;
using Rotation.Drill.Cli;
using Rotation.Drill.Running;
using Rotation.Shared.Certificates;
using Rotation.Testing.Processes;

namespace Rotation.Drill.Tests;

/// <summary>
/// The command line's promises: every option is checked before anything starts (exit 2 with the fix in the message,
/// and no service started), an unreachable service exits 3, URLs parse as URLs.
/// </summary>
public sealed class DrillCliTests
{
    [Theory]
    [InlineData("--mode", "sideways")]
    [InlineData("--tenant", "not-a-url")]
    [InlineData("--scenario", "no-stop", "--mode", "overlap")]
    [InlineData("--rate", "0")]
    [InlineData("--sender", "http://127.0.0.1:9/", "--sender-token", "s")]
    [InlineData("--nodes", "three")]
    [InlineData("--nodes", "2.5")]
    [InlineData("--sender-profile", "lenient")]
    public async Task Usage_errors_exit_2_and_say_what_is_wrong(params string[] args)
    {
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(args, output));
        Assert.NotEmpty(output.ToString().Trim());
    }

    [Fact]
    public async Task A_wrong_sender_profile_names_the_forms_accepted()
    {
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(["--sender-profile", "cached-trust:soon"], output));
        Assert.Contains("--sender-profile 'cached-trust:soon': cached-trust needs the cache lifetime, e.g. cached-trust:30s", output.ToString());
    }

    [Theory]
    [InlineData("--report /etc/passwd: that is a file; give a directory", "--report", "/etc/passwd")]
    [InlineData("--report /proc/rotation-drill-report: cannot write there", "--report", "/proc/rotation-drill-report")]
    [InlineData("--key-size 1024: the tenant creates RSA key pairs of 2048, 3072, 4096 bits only", "--key-size", "1024")]
    [InlineData("--key-size 2048: the tenant creates EC key pairs of 256, 384 bits only", "--initial-key", "ecp256", "--key-size", "2048")]
    [InlineData("--rate 200000: give the requests per second as a number above 0, at most 100000", "--rate", "200000")]
    [InlineData("--rate NaN: give the requests per second", "--rate", "NaN")]
    [InlineData("--concurrency 0: give the requests in flight as a whole number from 1 to 1024", "--concurrency", "0")]
    [InlineData("--phase -1: give the seconds of traffic watched", "--phase", "-1")]
    [InlineData("--max-downtime 0: give the agreed downtime in seconds", "--max-downtime", "0")]
    [InlineData("--tenant http://127.0.0.1:9/cxf/orders: give the base URL (http://127.0.0.1:9/), not the flow's path /cxf/orders",
        "--tenant", "http://127.0.0.1:9/cxf/orders", "--tenant-token", "t")]
    [InlineData("--tenant needs the service's admin token: give --tenant-token TOKEN or set ROTATION_TENANT_TOKEN", "--tenant", "http://127.0.0.1:9/", "--tenant-token", "")]
    [InlineData("--nodes 0: give the number of in-process tenant nodes as a whole number from 1 to 16", "--nodes", "0")]
    [InlineData("--nodes 17: give the number of in-process tenant nodes", "--nodes", "17")]
    [InlineData("--nodes 3: starts in-process tenant nodes; with --tenant the drill drives the nodes behind that URL", "--nodes", "3", "--tenant", "http://127.0.0.1:9/", "--tenant-token", "t")]
    [InlineData("--propagation-delay -1: give the seconds the last node waits", "--nodes", "2", "--propagation-delay", "-1")]
    [InlineData("--propagation-delay delays the last of several nodes: give --nodes 2 or more", "--propagation-delay", "2")]
    [InlineData("--scenario inform-before-deployed needs a node that lags behind another: give --nodes 2 or more", "--mode", "single", "--scenario", "inform-before-deployed")]
    [InlineData("--scenario inform-before-deployed needs a lagging node: give --propagation-delay above 0", "--mode", "single", "--scenario", "inform-before-deployed", "--nodes", "2", "--propagation-delay", "0")]
    public async Task Every_option_is_checked_before_anything_starts_and_the_message_says_what_to_give(string expected, params string[] args)
    {
        var output = new StringWriter();
        var exit = await DrillCli.RunAsync(args, output);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, output.ToString());
        Assert.Contains("Nothing was started.", output.ToString());
        Assert.DoesNotContain("drill started", output.ToString());
    }

    [Fact]
    public async Task Running_services_given_by_url_are_driven_and_an_unreachable_one_exits_3()
    {
        var output = new StringWriter();
        var port = Services.ServiceProcess.FreePort();
        var exit = await DrillCli.RunAsync(
            ["--tenant", $"http://127.0.0.1:{port}", "--tenant-token", "t", "--sender", $"http://127.0.0.1:{port}/", "--sender-token", "s"], output);

        Assert.Equal(ExitCodes.ServiceUnavailable, exit);
        Assert.Contains($"tenant admin http://127.0.0.1:{port}/ (flow http://127.0.0.1:{port}/cxf/orders)", output.ToString());
        Assert.Contains("could not reach", output.ToString());
        Assert.Contains("Connection refused", output.ToString());
    }

    /// <summary>Every spelling KeyAlgorithmText accepts (its own tests pin that list down), in each command that takes --initial-key.</summary>
    public static TheoryData<string, string, KeyAlgorithm> KeySpellingsPerCommand()
    {
        var data = new TheoryData<string, string, KeyAlgorithm>();
        foreach (var command in new[] { "", "soak", "load" })
            foreach (var algorithm in Enum.GetValues<KeyAlgorithm>())
                foreach (var spelling in KeyAlgorithmText.SpellingsOf(algorithm)) data.Add(command, spelling.ToLowerInvariant(), algorithm);
        return data;
    }

    [Theory]
    [MemberData(nameof(KeySpellingsPerCommand))]
    public void Every_key_spelling_is_read_by_every_command(string command, string spelling, KeyAlgorithm expected)
    {
        var parsed = DrillCli.CreateRoot(TextWriter.Null).Parse([.. command.Length > 0 ? [command] : Array.Empty<string>(), "--initial-key", spelling]);

        Assert.Empty(parsed.Errors);
        Assert.Equal(command.Length > 0 ? command : parsed.RootCommandResult.Command.Name, parsed.CommandResult.Command.Name);
        Assert.Equal(expected, parsed.GetValue<KeyAlgorithm?>("--initial-key"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soak")]
    [InlineData("load")]
    public void Without_initial_key_every_command_uses_RSA_2048(string command)
    {
        var parsed = DrillCli.CreateRoot(TextWriter.Null).Parse(command.Length > 0 ? [command] : []);
        Assert.Empty(parsed.Errors);
        Assert.Null(parsed.GetValue<KeyAlgorithm?>("--initial-key"));
        Assert.Equal(KeyAlgorithm.Rsa2048, KeyAlgorithmOption.Default);
    }

    [Theory]
    [InlineData("", "RSA-1024")]
    [InlineData("soak", "EC-P521")]
    [InlineData("load", "ecdsa")]
    public async Task Any_other_key_is_a_usage_error_listing_the_valid_ones(string command, string key)
    {
        var output = new StringWriter();
        var exit = await DrillCli.RunAsync([.. command.Length > 0 ? [command] : Array.Empty<string>(), "--initial-key", key], output);

        Assert.Equal(2, exit);
        Assert.Contains($"'{key}' is not a key algorithm; use one of RSA-2048, RSA-3072, RSA-4096, EC-P256, EC-P384", output.ToString());
    }

    /// <summary>The real program's help: every option of every command, and the environment variables it reads.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("soak")]
    [InlineData("load")]
    public async Task Help_of_the_real_program_lists_every_option_and_environment_variable(string command)
    {
        var outcome = await ChildProcess.RunAsync(ProcessCommand.Dotnet("Rotation.Drill.dll", command.Length > 0 ? [command, "--help"] : ["--help"]));
        var help = outcome.StandardOutput;

        Assert.True(outcome.Succeeded, outcome.Describe());
        var root = DrillCli.CreateRoot(TextWriter.Null);
        var definition = command.Length > 0 ? root.Subcommands.Single(c => c.Name == command) : root;
        Assert.NotEmpty(definition.Options);
        foreach (var option in definition.Options) Assert.Contains(option.Name, help);
        Assert.Contains("--initial-key <KEY>", help);
        Assert.Contains("RSA-2048, RSA-3072, RSA-4096, EC-P256, EC-P384", help);
        if (command.Length == 0)
        {
            Assert.Contains("[env: ROTATION_TENANT_TOKEN]", help);
            Assert.Contains("[env: ROTATION_SENDER_TOKEN]", help);
        }
    }
}
