using Rotation.Drill.Admin;
using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using static Rotation.Drill.Tests.SyntheticReports;

namespace Rotation.Drill.Tests;

/// <summary>Exit codes: a rehearsed mistake that breaks exactly as predicted is "demonstrated" (0); one that does not, or breaks differently, is 1.</summary>
public sealed class VerdictTests
{
    private static ProcedureReport Broken(InvariantKind[] broken, Dictionary<string, long> rejected, long transportErrors = 0) =>
        Procedure(0, 10, [], [Step(1, 1)]) with
        {
            Rejected = rejected.Values.Sum(),
            TransportErrors = transportErrors,
            RejectedByReason = rejected,
            Invariants = Enum.GetValues<InvariantKind>().Select(k => new Invariant(k, k.ToString(), !broken.Contains(k), "")).ToList(),
        };

    [Fact]
    public void A_mistake_that_breaks_exactly_as_predicted_is_demonstrated_and_exits_0()
    {
        var p = Broken([InvariantKind.EveryStepHeld, InvariantKind.NothingRejected], new() { ["CertificateUntrusted"] = 40 });
        var (verdict, detail) = ProcedureVerdicts.Judge(Scenario.RemoveOldEarly, p);

        Assert.Equal(ProcedureVerdict.Demonstrated, verdict);
        Assert.StartsWith("demonstrated", detail);
        Assert.Equal(ExitCodes.Succeeded, DrillOf(p with { Verdict = verdict }).ExitCode);
    }

    [Theory]
    [InlineData(new[] { InvariantKind.NothingRejected }, "CertificateUntrusted", 0)]                                   // a predicted break is missing
    [InlineData(new[] { InvariantKind.EveryStepHeld, InvariantKind.NothingRejected }, "SignatureInvalid", 0)]          // rejected for another reason
    [InlineData(new[] { InvariantKind.EveryStepHeld, InvariantKind.NothingRejected }, "CertificateUntrusted", 3)]      // and transport errors too
    [InlineData(new InvariantKind[0], "", 0)]                                                                          // nothing broke
    public void A_mistake_that_breaks_differently_or_not_at_all_exits_1(InvariantKind[] broken, string reason, long transportErrors)
    {
        var p = Broken(broken, reason.Length == 0 ? new() : new() { [reason] = 40 }, transportErrors);
        var (verdict, _) = ProcedureVerdicts.Judge(Scenario.RemoveOldEarly, p);

        Assert.Equal(ProcedureVerdict.NotDemonstrated, verdict);
        Assert.Equal(ExitCodes.InvariantBroken, DrillOf(p with { Verdict = verdict }).ExitCode);
    }

    [Fact]
    public void The_procedure_as_written_that_breaks_an_invariant_exits_1_and_an_interrupted_drill_130()
    {
        var p = Broken([InvariantKind.NothingRejected], new() { ["CertificateUntrusted"] = 1 });
        var (verdict, _) = ProcedureVerdicts.Judge(Scenario.Correct, p);

        Assert.Equal(ProcedureVerdict.Broken, verdict);
        Assert.Equal(ExitCodes.InvariantBroken, DrillOf(p with { Verdict = verdict }).ExitCode);
        Assert.Equal(ExitCodes.Interrupted, (DrillOf(p with { Verdict = verdict }) with { Interrupted = true }).ExitCode);
    }
}
