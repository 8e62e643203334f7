using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>The expiry scenario (docs/DESIGN.md §13): the renewal certificate expires during the run, the platform keeps signing, the sender rejects.</summary>
public sealed class ExpiryScenarioTests(ITestOutputHelper log)
{
    [Fact]
    public async Task The_platform_keeps_signing_with_the_expired_key_and_the_report_shows_when_the_rejections_began()
    {
        var directory = Directory.CreateTempSubdirectory("rotation-expiry-report-").FullName;
        try
        {
            var (report, exitCode, console) = await DrillRunner.RunAsync(log, ProcedureMode.Overlap, Scenario.Expiry, directory,
                settings: DrillRunner.FastSettings with { Rate = 60, Phase = TimeSpan.FromSeconds(1) });
            var p = Assert.Single(report.Procedures);

            Assert.Equal(ExitCodes.Succeeded, exitCode);
            Assert.Equal(ProcedureVerdict.Demonstrated, p.Verdict);
            Assert.All(p.Steps, s => Assert.Equal(StepOutcome.Done, s.Outcome));
            Assert.Equal("Import a short-lived key pair (its certificate expires during the run).", p.Steps[0].Sentence);
            var expiry = Assert.IsType<ExpiryReport>(p.Expiry);
            // The new certificate verified while it was valid, then every rejection came at or after its expiry.
            Assert.True(p.VerifiedNew > 0);
            Assert.Equal(p.Certificates[1].NotAfter, expiry.NotAfter);
            Assert.True(expiry.Rejected > 0);
            Assert.True(expiry.FirstRejectedAt >= expiry.NotAfter, $"first rejection {expiry.FirstRejectedAt:O} before the expiry {expiry.NotAfter:O}");
            Assert.InRange(expiry.SecondsToFirstRejection!.Value, 0, 2);
            Assert.Contains("expired at", expiry.Message);
            Assert.Equal(["CertificateExpired"], p.RejectedByReason.Keys);
            Assert.Equal(expiry.Rejected, p.Rejected);
            Assert.Contains("the tenant still signs with", p.Steps[^1].Detail);

            var html = await File.ReadAllTextAsync(Path.Combine(directory, "report.html"));
            Assert.Contains("<h3>Expiry</h3>", html);
            Assert.Contains("rejections began", html);
            System.Xml.Linq.XDocument.Parse(html[html.IndexOf("<html", StringComparison.Ordinal)..]);
            Assert.Contains("responses rejected as CertificateExpired from", console);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_expiry_scenario_refuses_a_running_tenant_before_anything_starts()
    {
        var output = new StringWriter();
        var exit = await Cli.DrillCli.RunAsync(["--scenario", "expiry", "--tenant", "http://127.0.0.1:1/", "--tenant-token", "t"], output);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--scenario expiry leaves the tenant signing with an expired certificate", output.ToString());
        Assert.Contains("Nothing was started", output.ToString());
    }
}
