using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>
/// docs/DESIGN.md §12, end to end in-process: the whole CA path (key pair → CSR → test CA signs → chain imported →
/// exchange) with a sender that trusts the CA, and the other-ca mistake.
/// </summary>
public sealed class CaDrillTests(ITestOutputHelper log)
{
    private static readonly DrillSettings WithTestCa = DrillRunner.FastSettings with { Phase = TimeSpan.FromSeconds(1), Ca = CertificateIssuer.TestCa };

    [Fact]
    public async Task With_CA_trust_the_overlap_procedure_passes_and_the_sender_changes_nothing()
    {
        var (report, exitCode, console) = await DrillRunner.RunAsync(log, ProcedureMode.Overlap, settings: WithTestCa);
        var p = Assert.Single(report.Procedures);

        Assert.Equal(0, exitCode);
        Assert.True(p.Passed, string.Join("; ", p.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
        Assert.Equal(0, p.Failed);
        Assert.True(p.VerifiedOld > 0 && p.VerifiedNew > 0);
        Assert.Contains("Have the new key pair's CSR signed by the CA and import the chain.", p.Steps.Select(s => s.Sentence));
        // The sender administrator only checks: every sender step is marked so, and none changed the trust store.
        var senderSteps = p.Steps.Where(s => s.Role == Role.SenderAdministrator).ToList();
        Assert.Equal(3, senderSteps.Count);
        Assert.Equal(2, senderSteps.Count(s => s.CheckOnly));
        Assert.All(senderSteps.Where(s => s.CheckOnly), s => Assert.Contains("trust store unchanged", s.Detail));
        Assert.All(senderSteps.Where(s => s.CheckOnly), s => Assert.Contains("check only", s.Sentence));
        // Old and new certificate both come from the test CA, with the same subject.
        Assert.Equal(2, p.Certificates.Count);
        Assert.All(p.Certificates, c => Assert.Equal("CN=Rotation Drill Test CA, O=Rotation", c.Issuer));
        Assert.Equal(p.Certificates[0].Subject, p.Certificates[1].Subject);
        var unwrapped = System.Text.RegularExpressions.Regex.Replace(console, @"\r?\n {20,}", " ");
        Assert.Contains("sender trusts the CA CN=Rotation Drill Test CA", unwrapped);
        Assert.Contains(report.Restored, r => r.Contains("stopped trusting the CA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_certificate_from_another_CA_is_rejected_and_the_mistake_is_demonstrated()
    {
        var (report, exitCode, _) = await DrillRunner.RunAsync(log, ProcedureMode.Overlap, Scenario.OtherCa, settings: WithTestCa);
        var p = Assert.Single(report.Procedures);

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Equal(ProcedureVerdict.Demonstrated, p.Verdict);
        Assert.True(p.Rejected > 0);
        Assert.Equal(0, p.VerifiedNew);
        Assert.Equal(["CertificateUntrusted"], p.RejectedByReason.Keys);
        Assert.Contains("does not chain to a trusted CA", Assert.Single(p.Errors).Message);
        // The sender's check before the exchange already said so.
        var check = Assert.Single(p.Steps, s => s.Sentence.StartsWith("Check that the new certificate chains", StringComparison.Ordinal));
        Assert.Equal(StepOutcome.CheckFailed, check.Outcome);
        Assert.Equal("CN=Rotation Drill Other CA, O=Rotation", Assert.Single(p.Certificates, c => c.Role == "new").Issuer);
    }
}
