using System.Text.Json;
using Rotation.Drill.Cli;
using Rotation.Drill.Running;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>
/// --case on the command line (docs/DESIGN.md §10): what does not fit the case is refused before anything starts, all
/// problems at once; --case all runs every case and mode into one report.
/// </summary>
public sealed class RenewalCaseCliTests(ITestOutputHelper log)
{
    [Fact]
    public async Task An_unknown_case_exits_2_and_names_the_cases()
    {
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(["--case", "decrypt-request"], output));
        Assert.Contains("decrypt-request", output.ToString());
        Assert.Contains("verify-request", output.ToString());
    }

    [Fact]
    public async Task Verify_request_through_the_platforms_api_is_refused_because_api_v1_cannot_change_the_flows_aliases()
    {
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(["--case", "verify-request", "--tenant-api", "cpi"], output));
        Assert.Contains("--case verify-request with --tenant-api cpi: the verify-request procedure changes the flow's public key aliases, which /api/v1 cannot", output.ToString());
        Assert.Contains("Nothing was started.", output.ToString());
        Assert.DoesNotContain("drill started", output.ToString());
    }

    [Fact]
    public async Task Every_combination_that_does_not_fit_the_case_is_reported_at_once()
    {
        var output = new StringWriter();
        var exit = await DrillCli.RunAsync(["--case", "verify-request", "--mode", "single", "--key-size", "3072", "--ca", "test", "--delivery-window", "-1",
            "--tenant-api", "cpi"], output);
        var text = output.ToString();

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--case verify-request has one (no downtime): leave out --mode", text);
        Assert.Contains("--key-size sizes the tenant's new key pair", text);
        Assert.Contains("--ca test rehearses the sign-response case", text);
        Assert.Contains("--delivery-window -1: give the seconds", text);
        Assert.Contains("which /api/v1 cannot", text);
        Assert.Contains("Nothing was started.", text);
    }

    [Theory]
    [InlineData("--scenario switch-before-import rehearses the verify-request case: give --case verify-request", "--scenario", "switch-before-import")]
    [InlineData("--scenario remove-old-early rehearses the sign-response case: give --case sign-response", "--case", "verify-request", "--scenario", "remove-old-early")]
    [InlineData("--case all runs every case's procedure as written: leave out --scenario", "--case", "all", "--scenario", "remove-before-switch")]
    [InlineData("--case all runs every case in every mode: leave out --mode", "--case", "all", "--mode", "both")]
    [InlineData("--case all with --tenant-api cpi", "--case", "all", "--tenant-api", "cpi")]
    public async Task A_scenario_or_option_of_another_case_names_the_case_to_give(string expected, params string[] args)
    {
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(args, output));
        Assert.Contains(expected, output.ToString());
    }

    [Fact]
    public async Task The_delivery_window_without_cpi_belongs_to_verify_request_and_is_refused_for_sign_response_alone()
    {
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(["--delivery-window", "5", "--rate", "0"], output));
        Assert.Contains("--delivery-window belongs to the platform's API", output.ToString());

        output = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(["--case", "verify-request", "--delivery-window", "5", "--rate", "0"], output));
        Assert.DoesNotContain("--delivery-window", output.ToString());
        Assert.Contains("--rate 0", output.ToString());
    }

    [Fact]
    public async Task Case_all_runs_every_case_and_mode_into_one_report()
    {
        var directory = Directory.CreateTempSubdirectory("drill-all-cases-").FullName;
        var output = new StringWriter();
        try
        {
            var exit = await DrillCli.RunAsync(["--case", "all", "--phase", "1", "--rate", "80", "--report", directory], output);
            log.WriteLine(output.ToString());

            Assert.Equal(ExitCodes.Succeeded, exit);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "report.json")));
            var procedures = json.RootElement.GetProperty("procedures").EnumerateArray().ToList();
            Assert.Equal(["sign-response/overlap", "sign-response/single", "verify-request/verify-request"],
                procedures.Select(p => $"{p.GetProperty("case").GetString()}/{p.GetProperty("mode").GetString()}"));
            Assert.All(procedures, p => Assert.Equal("Passed", p.GetProperty("verdict").GetString()));
            var html = await File.ReadAllTextAsync(Path.Combine(directory, "report.html"));
            Assert.Contains("Overlap procedure", html);
            Assert.Contains("Single procedure", html);
            Assert.Contains("Verify-request procedure", html);
            Assert.True(File.Exists(Path.Combine(directory, "overlap-new-certificate.pem")) && File.Exists(Path.Combine(directory, "verify-request-sender-new-certificate.pem")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
