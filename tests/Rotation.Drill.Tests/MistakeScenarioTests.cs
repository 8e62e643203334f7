using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>
/// Each rehearsed mistake must break the invariants it is meant to break, with the reason an administrator needs to
/// see — and then it is "demonstrated": exit 0 (docs/DESIGN.md §11).
/// </summary>
public sealed class MistakeScenarioTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(ProcedureMode.Overlap, Scenario.RemoveOldEarly)]
    [InlineData(ProcedureMode.Overlap, Scenario.ExchangeBeforeTrust)]
    [InlineData(ProcedureMode.Single, Scenario.NoStop)]
    public async Task A_mistake_that_breaks_the_renewal_as_predicted_is_demonstrated_and_exits_0(ProcedureMode mode, Scenario scenario)
    {
        var (report, exitCode, console) = await DrillRunner.RunAsync(log, mode, scenario);
        var p = Assert.Single(report.Procedures);

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Equal(ProcedureVerdict.Demonstrated, p.Verdict);
        Assert.False(p.Passed);
        Assert.True(p.Rejected > 0, "the mistake rejected nothing");
        // The sender rejects because it does not trust the key the response was signed with, never for another reason.
        Assert.Equal(["CertificateUntrusted"], p.RejectedByReason.Keys);
        Assert.Equal(ScenarioNames.PredictedBreaks(scenario).Order(), p.Invariants.Where(i => !i.Holds).Select(i => i.Kind!.Value).Order());
        Assert.Contains(p.Timeline, t => t.Failed > 0);
        Assert.Contains("RESULT: demonstrated", console);
        // The console gives the verifier's own words, not only the reason code (long lines wrap onto indented ones).
        var unwrapped = System.Text.RegularExpressions.Regex.Replace(console, @"\r?\n {20,}", " ");
        Assert.Matches(@"\d+× CertificateUntrusted: the certificate in the BinarySecurityToken \(CN=.*\) is not in the trust set", unwrapped);
        var error = Assert.Single(p.Errors);
        Assert.Contains("is not in the trust set", error.Message);
        Assert.True(error.FirstAt <= error.LastAt && error.Count == p.Rejected);
        // One response the sender rejected is kept, with its verdict.
        var rejected = Assert.Single(p.Samples, s => s.Name == "rejected");
        Assert.False(rejected.Verified);
        Assert.Equal("CertificateUntrusted", rejected.Reason);
        // Whatever the mistake, the tenant still ends up signing with the new key and keeps the old one in history.
        Assert.True(p.VerifiedNew > 0);
        Assert.NotNull(p.RetiredKey);
    }
}
