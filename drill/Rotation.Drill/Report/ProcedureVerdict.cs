using Rotation.Drill.Procedures;

namespace Rotation.Drill.Report;

/// <summary>What one procedure's run amounts to, and so the drill's exit code (docs/DESIGN.md §11).</summary>
public enum ProcedureVerdict
{
    /// <summary>The procedure as written: every invariant held.</summary>
    Passed,
    /// <summary>The procedure as written broke an invariant.</summary>
    Broken,
    /// <summary>A rehearsed mistake broke the renewal exactly as its scenario predicts.</summary>
    Demonstrated,
    /// <summary>A rehearsed mistake did not break the renewal, or broke it differently than predicted.</summary>
    NotDemonstrated,
    /// <summary>Ctrl+C stopped the procedure before it ended.</summary>
    Interrupted,
}

public static class ProcedureVerdicts
{
    public static bool Succeeded(ProcedureVerdict verdict) => verdict is ProcedureVerdict.Passed or ProcedureVerdict.Demonstrated;

    public static (ProcedureVerdict Verdict, string Detail) Judge(Scenario scenario, ProcedureReport report)
    {
        if (report.Interrupted)
            return (ProcedureVerdict.Interrupted, "interrupted (Ctrl+C): the report shows what the drill saw until then");
        var broken = report.Invariants.Where(i => i is { Holds: false, Kind: not null }).Select(i => i.Kind!.Value).ToHashSet();
        if (scenario == Scenario.Correct)
            return broken.Count == 0
                ? (ProcedureVerdict.Passed, "every invariant held")
                : (ProcedureVerdict.Broken, "broken: " + Names(report, broken));

        var predicted = ScenarioNames.PredictedBreaks(scenario);
        if (broken.Count == 0) return (ProcedureVerdict.NotDemonstrated, "the mistake did not break anything — unexpected; is the scenario still wired?");
        if (report.Inbound is { } inbound) return JudgeInbound(report, inbound, broken, predicted);
        var reason = ScenarioNames.PredictedReasonOf(scenario);
        var onlyUntrusted = report.Rejected > 0 && report.SoapFaults == 0 && report.TransportErrors == 0
            && report.RejectedByReason.Keys.All(k => k == reason);
        if (broken.SetEquals(predicted) && onlyUntrusted)
            return (ProcedureVerdict.Demonstrated, $"demonstrated: it broke exactly as predicted ({Names(report, broken)}; {report.Rejected}× {reason})");
        var failures = string.Join(", ", report.Errors.Select(e => $"{e.Count}× {e.Code}"));
        return (ProcedureVerdict.NotDemonstrated,
            $"broke differently than predicted: expected {string.Join(", ", predicted.Order())} with only {reason}; " +
            $"broke {string.Join(", ", broken.Order())}{(failures.Length > 0 ? $" with {failures}" : "")}");
    }

    /// <summary>
    /// A verify-request mistake is demonstrated when the tenant refused requests only because their certificate is under
    /// no listed alias, the sender saw those refusals as SOAP faults and nothing else, and exactly the predicted invariants broke.
    /// </summary>
    private static (ProcedureVerdict, string) JudgeInbound(ProcedureReport report, InboundReport inbound, IReadOnlySet<InvariantKind> broken, IReadOnlySet<InvariantKind> predicted)
    {
        var reasons = ScenarioNames.PredictedInboundReasons;
        var onlyUnlisted = inbound.RefusedRequests > 0 && inbound.Refused.All(r => reasons.Contains(r.Reason))
            && report.Rejected == 0 && report.TransportErrors == 0;
        var refused = string.Join(", ", inbound.Refused.Select(r => $"{r.Count}× {r.Reason}"));
        if (broken.SetEquals(predicted) && onlyUnlisted)
            return (ProcedureVerdict.Demonstrated, $"demonstrated: it broke exactly as predicted ({Names(report, broken)}; the tenant refused {refused})");
        return (ProcedureVerdict.NotDemonstrated,
            $"broke differently than predicted: expected {string.Join(", ", predicted.Order())} with the tenant refusing only {string.Join(" or ", reasons.Order())}; " +
            $"broke {string.Join(", ", broken.Order())}; the tenant refused {(refused.Length > 0 ? refused : "nothing")}, the sender saw {report.Rejected} rejected responses and {report.TransportErrors} transport errors");
    }

    private static string Names(ProcedureReport report, IEnumerable<InvariantKind> kinds) =>
        string.Join("; ", report.Invariants.Where(i => i.Kind is { } kind && kinds.Contains(kind)).Select(i => i.Name));
}
