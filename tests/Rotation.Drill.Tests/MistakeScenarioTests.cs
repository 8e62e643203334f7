using Rotation.Drill.Procedures;
using Rotation.Drill.Running;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>Each rehearsed mistake must break the invariants it is meant to break, with the reason an administrator needs to see.</summary>
public sealed class MistakeScenarioTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(ProcedureMode.Overlap, Scenario.RemoveOldEarly)]
    [InlineData(ProcedureMode.Overlap, Scenario.ExchangeBeforeTrust)]
    [InlineData(ProcedureMode.Single, Scenario.NoStop)]
    public async Task A_mistake_shows_rejected_responses_and_fails_the_drill(ProcedureMode mode, Scenario scenario)
    {
        var (report, exitCode, console) = await DrillRunner.RunAsync(log, mode, scenario);
        var p = Assert.Single(report.Procedures);

        Assert.NotEqual(0, exitCode);
        Assert.False(p.Passed);
        Assert.True(p.Rejected > 0, "the mistake rejected nothing");
        // The sender rejects because it does not trust the key the response was signed with, never for another reason.
        Assert.Equal(["CertificateUntrusted"], p.RejectedByReason.Keys);
        Assert.Contains(p.Invariants, i => i.Name == "no rejected or failed request" && !i.Holds);
        Assert.Contains(p.Timeline, t => t.Failed > 0);
        Assert.Contains("as it is meant to", console);
        // Whatever the mistake, the tenant still ends up signing with the new key and keeps the old one in history.
        Assert.True(p.VerifiedNew > 0);
        Assert.NotNull(p.RetiredKey);
    }
}
