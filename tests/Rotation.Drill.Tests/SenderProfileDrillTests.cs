using Rotation.Drill.Admin;
using Rotation.Drill.Services;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;
using Rotation.Sender;
using Rotation.Sender.Profiles;
using Rotation.Sender.Trust;
using Rotation.Tenant.Hosting;
using Xunit.Abstractions;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Tests;

/// <summary>
/// Which procedure survives which sender profile (docs/DESIGN.md §13), run end to end in-process with same-subject
/// renewal certificates (set explicitly: they are what first-match stumbles over).
/// </summary>
public sealed class SenderProfileDrillTests(ITestOutputHelper log)
{
    private static readonly DrillSettings SameSubject = DrillRunner.FastSettings with { Rate = 60, Phase = TimeSpan.FromSeconds(1), NewSubject = NewSubject.Same };

    public static TheoryData<string, ProcedureMode> Surviving => new()
    {
        { "strict", ProcedureMode.Overlap },
        { "strict", ProcedureMode.Single },
        { "cached-trust:1.5s", ProcedureMode.Overlap },
        { "cached-trust:1.5s", ProcedureMode.Single },
        { "first-match", ProcedureMode.Single },
    };

    [Theory]
    [MemberData(nameof(Surviving))]
    public async Task The_procedure_survives_the_profile(string profileText, ProcedureMode mode)
    {
        Assert.True(SenderProfile.TryParse(profileText, out var profile, out _));
        var (report, exitCode, console) = await RunAsync(mode, profile);
        var p = Assert.Single(report.Procedures);

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.True(p.Passed, string.Join("; ", p.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
        Assert.Equal(p.Certificates[0].Subject, p.Certificates[1].Subject);
        var shown = Assert.IsType<Report.ProfileReport>(p.SenderProfile);
        Assert.Equal(profile.ToString(), shown.Profile);
        Assert.Null(shown.Finding);
        var waits = p.Steps.Where(s => s.Sentence == ProfileSteps.WaitSentence).ToList();
        if (profile.Kind == SenderProfileKind.CachedTrust)
        {
            // Overlap changes trust twice (add the new, remove the old), single once (exchange); each change gets its wait.
            Assert.Equal(mode == ProcedureMode.Overlap ? 2 : 1, waits.Count);
            Assert.All(waits, w => Assert.True(p.Steps[w.Number - 2].Sentence is "Trust the old and the new certificate." or "Remove the old certificate." or "Exchange the trusted certificate."));
            Assert.All(waits, w => Assert.Contains("trust revision", w.Detail));
            Assert.Equal(waits.Count, shown.Waits.Count);
            Assert.Contains("waited", shown.Effect);
            // Each wait ends a lifetime after the change it waits for, and the next step starts after it.
            Assert.All(waits, w => Assert.True(w.FinishedAt >= p.Steps[w.Number - 2].FinishedAt.AddSeconds(1.5), $"step {w.Number} ended {w.FinishedAt:O}"));
            if (mode == ProcedureMode.Single) Assert.True(p.DowntimeSeconds >= 1.5, $"downtime {p.DowntimeSeconds} s holds the wait");
            Assert.Contains("sender profile cached-trust:1.5s", console);
        }
        else
        {
            Assert.Empty(waits);
            Assert.Empty(shown.Waits);
        }
    }

    [Fact]
    public async Task First_match_breaks_the_overlap_procedure_with_same_subject_certificates_and_the_report_says_so()
    {
        var (report, exitCode, console) = await RunAsync(ProcedureMode.Overlap, SenderProfile.FirstMatch, Path.Combine(Path.GetTempPath(), $"rotation-first-match-{Guid.NewGuid():N}"));
        var p = Assert.Single(report.Procedures);

        Assert.Equal(ExitCodes.InvariantBroken, exitCode);
        var confirm = p.Steps.Single(s => s.Sentence.StartsWith("Confirm that responses signed with the old and with the new key verify", StringComparison.Ordinal));
        Assert.Equal(StepOutcome.CheckFailed, confirm.Outcome);
        Assert.Contains("SignatureInvalid", confirm.Detail);
        Assert.Contains("first-match", confirm.Detail);
        // The procedure stopped there: the tenant never exchanged, so live traffic never failed.
        Assert.Null(p.ExchangedAt);
        var shown = Assert.IsType<Report.ProfileReport>(p.SenderProfile);
        Assert.Contains("does not survive the sender profile first-match", shown.Finding);
        Assert.Contains("1 step checks rejected", shown.Effect);
        // The console wraps at 120 columns: read it as one line.
        Assert.Contains("FINDING: The overlap procedure does not survive the sender profile first-match", System.Text.RegularExpressions.Regex.Replace(console, @"\s+", " "));
    }

    [Fact]
    public async Task A_running_sender_is_set_to_the_profile_for_the_drill_and_set_back_afterwards()
    {
        var root = Directory.CreateTempSubdirectory("rotation-profile-drill-").FullName;
        try
        {
            await using var tenant = TenantHost.Build(new TenantOptions
            {
                DataDir = Path.Combine(root, "tenant"),
                Urls = "http://127.0.0.1:0",
                AdminToken = "tenant-token-for-profile-test",
                InitialKeyAlgorithm = Rotation.Shared.Certificates.KeyAlgorithm.Rsa2048,
                InitialKeySubject = "CN=Profile Drill Tenant, O=Rotation",
            });
            await tenant.StartAsync();
            var signing = tenant.Keystore.Current.Find(tenant.SignerStep.Current.Alias)!.PublicCertificate;
            await using var sender = await SenderHost.StartAsync(new SenderHostOptions
            {
                DataDir = Path.Combine(root, "sender"),
                AdminToken = "sender-token-for-profile-test",
                TenantUrl = tenant.EndpointAddress,
                TrustMode = TrustMode.Overlap,
                InitialCertificates = [signing],
            });

            var (report, exitCode, console) = await RunAsync(ProcedureMode.Single, SenderProfile.CachedTrust(TimeSpan.FromSeconds(1)), services: new DrillServiceRequest
            {
                TenantUrl = tenant.BaseAddress,
                TenantToken = "tenant-token-for-profile-test",
                SenderUrl = sender.Address,
                SenderToken = sender.AdminToken,
            });

            Assert.Equal(ExitCodes.Succeeded, exitCode);
            Assert.Equal("cached-trust:1s", report.Procedures[0].SenderProfile!.Profile);
            Assert.Contains("sender profile set to cached-trust:1s for the drill (it was strict", console);
            Assert.Contains("sender: profile set back to strict", report.Restored);
            Assert.Equal(SenderProfile.Strict, sender.Profiled.Profile);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private async Task<(Report.DrillReport Report, int ExitCode, string Console)> RunAsync(ProcedureMode mode, SenderProfile profile, string? reportDirectory = null, DrillServiceRequest? services = null)
    {
        var output = new StringWriter();
        var request = new DrillRequest { Modes = [mode], Settings = SameSubject, SenderProfile = profile, ReportDirectory = reportDirectory, Services = services ?? new DrillServiceRequest() };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            var (report, exitCode) = await new Running.Drill(output, TimeProvider.System).RunAsync(request, timeout.Token);
            if (reportDirectory is not null)
            {
                var html = await File.ReadAllTextAsync(Path.Combine(reportDirectory, "report.html"));
                Assert.Contains("<h3>Sender profile</h3>", html);
                Assert.Contains("does not survive the sender profile first-match", html);
                // The report stays well-formed XML with the new section (tools read it too).
                System.Xml.Linq.XDocument.Parse(html[html.IndexOf("<html", StringComparison.Ordinal)..]);
                Assert.Contains("\"senderProfile\"", await File.ReadAllTextAsync(Path.Combine(reportDirectory, "report.json")));
                Directory.Delete(reportDirectory, recursive: true);
            }
            return (report, exitCode, output.ToString());
        }
        finally
        {
            log.WriteLine(output.ToString());
        }
    }
}
