using System.Text.Json;
using Rotation.Drill.Cli;
using Rotation.Drill.Services;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;
using Rotation.Testing.Keys;
using Rotation.Testing.Processes;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>
/// The drill against services running on their own: a sender already sending is taken over, a failed or interrupted
/// drill leaves both services as it found them (docs/DESIGN.md §11), a wrong token names the option to fix.
/// </summary>
public sealed class RestoreTests(RunningServicesFixture services, ITestOutputHelper log) : IClassFixture<RunningServicesFixture>
{
    [Fact]
    public async Task Ctrl_C_stops_the_drill_restores_both_services_writes_a_partial_report_and_exits_130()
    {
        using var sender = services.Sender();
        await sender.StartTrafficAsync(20, 2, CancellationToken.None);
        // A second trusted certificate, which the single procedure's set-up removes and the drill must put back.
        using var extra = TestCertificates.CurrentlyValid("CN=Another partner", Rotation.Shared.Certificates.KeyAlgorithm.EcP256, days: 365);
        var extraFingerprint = Rotation.Shared.Certificates.CertificateInfo.Fingerprint(extra);
        await sender.AddAsync(extra.ExportCertificatePem(), CancellationToken.None);
        var before = await services.StateAsync();
        var directory = Directory.CreateTempSubdirectory("drill-interrupted-").FullName;
        await using var drill = ChildProcess.Start(ProcessCommand.Dotnet("Rotation.Drill.dll",
                ["--mode", "single", "--phase", "3", "--max-downtime", "20", "--rate", "60",
                 "--tenant", services.Services.TenantAdmin.ToString(), "--sender", services.Services.SenderAdmin.ToString(), "--report", directory])
            .WithVariable("ROTATION_TENANT_TOKEN", services.Services.TenantToken)
            .WithVariable("ROTATION_SENDER_TOKEN", services.Services.SenderToken));
        try
        {
            // As step 4 begins the drill has switched the tenant's alias header on, created a key pair and set the sender to
            // single mode; step 4 pauses the sender, then the drill watches the downtime for 3 s: Ctrl+C lands in there.
            await drill.WaitForLineAsync(line => line.Contains("step 4/10"), TimeSpan.FromMinutes(2));
            await ChildProcess.InterruptAsync(drill.ProcessId);

            Assert.Equal(ExitCodes.Interrupted, await drill.Exited.WaitAsync(TimeSpan.FromMinutes(1)));
            var console = string.Join(Environment.NewLine, drill.OutputLines);
            Assert.Contains("taken over", console);
            Assert.Contains("restored: ", console);
            Assert.Contains("RESULT: interrupted", console);
            Assert.Contains(extraFingerprint[..8], before);
            Assert.Equal(before, await services.StateAsync());

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "report.json")));
            Assert.True(json.RootElement.GetProperty("interrupted").GetBoolean());
            var procedure = json.RootElement.GetProperty("procedures")[0];
            Assert.True(procedure.GetProperty("interrupted").GetBoolean());
            Assert.True(procedure.GetProperty("requests").GetInt64() > 0);
            Assert.Contains(procedure.GetProperty("steps").EnumerateArray(), s => s.GetProperty("detail").GetString() == "not done: the drill was interrupted");
            Assert.Contains("renewal key pair", string.Join(";", json.RootElement.GetProperty("restored").EnumerateArray().Select(r => r.GetString())));
            Assert.Contains("(interrupted)", await File.ReadAllTextAsync(Path.Combine(directory, "report.html")));
        }
        finally
        {
            log.WriteLine(drill.Describe());
            await sender.StopTrafficAsync(CancellationToken.None);
            await sender.RemoveAsync(extraFingerprint, CancellationToken.None);
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_drill_that_fails_midway_leaves_both_services_as_it_found_them()
    {
        using var sender = services.Sender();
        await sender.StartTrafficAsync(15, 2, CancellationToken.None);
        var before = await services.StateAsync();
        try
        {
            // The tenant's key is RSA: a 384-bit new key pair is refused at step 1, after the drill set both services up.
            var (report, exitCode, console) = await DrillRunner.RunAsync(log, ProcedureMode.Single, settings: DrillRunner.FastSettings with { KeySize = 384 },
                services: new DrillServiceRequest { TenantUrl = services.Services.TenantAdmin, TenantToken = services.Services.TenantToken, SenderUrl = services.Services.SenderAdmin, SenderToken = services.Services.SenderToken });

            Assert.Equal(ExitCodes.InvariantBroken, exitCode);
            Assert.Equal(Running.StepOutcome.Error, report.Procedures[0].Steps[0].Outcome);
            Assert.Contains("RSA key size 384 is not supported", report.Procedures[0].Steps[0].Detail);
            Assert.Contains("dynamic alias header set back", console);
            Assert.Equal(before, await services.StateAsync());
            // Each service's own console shows one line per admin change the drill made, and none for its reads.
            var (tenantLog, senderLog) = services.RecentOutput;
            log.WriteLine($"tenant:\n{tenantLog}\nsender:\n{senderLog}");
            Assert.Contains(tenantLog.Split('\n'), l => l.Contains("info:") && l.Contains("admin change by admin: PUT /admin/signer → 200"));
            Assert.Contains(tenantLog.Split('\n'), l => l.Contains("info:") && l.Contains("admin change by admin: POST /admin/keystore/entries/key-pairs → 400"));
            Assert.Contains(senderLog.Split('\n'), l => l.Contains("info:") && l.Contains("admin change by admin: PUT /admin/trust/mode → 200"));
            Assert.DoesNotContain("GET /admin", tenantLog + senderLog);
        }
        finally
        {
            await sender.StopTrafficAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_wrong_token_says_which_option_or_variable_to_fix()
    {
        var output = new StringWriter();
        var exit = await DrillCli.RunAsync(["--tenant", services.Services.TenantAdmin.ToString(), "--tenant-token", "wrong",
            "--sender", services.Services.SenderAdmin.ToString(), "--sender-token", services.Services.SenderToken], output);

        Assert.Equal(ExitCodes.ServiceUnavailable, exit);
        Assert.Contains("tenant: the admin API at", output.ToString());
        Assert.Contains("refused the drill's token (401); give the tenant's admin token with --tenant-token or ROTATION_TENANT_TOKEN", output.ToString());
    }
}
