using Rotation.Drill.Report;

namespace Rotation.Drill.Running;

/// <summary>The console's closing summary: per procedure what happened, on the drill's one clock, its failures in the verifier's words, and the verdict.</summary>
public static class DrillSummary
{
    public static void Write(DrillConsole console, DrillReport report)
    {
        console.Plain("");
        console.Plain("== Summary" + (report.Interrupted ? " (INTERRUPTED: partial)" : ""));
        foreach (var check in report.TenantChecks.Where(c => !c.Possible))
            console.Plain($"  not checked through /api/v1: {check.Check} — {check.How}");
        foreach (var p in report.Procedures)
        {
            console.Plain($"{p.Mode} ({p.Scenario}): {p.Requests} requests, verified old {p.VerifiedOld}, new {p.VerifiedNew}, failed {p.Failed}, downtime {p.DowntimeSeconds:0.00} s");
            if (p.Inbound is { } inbound) WriteInbound(console, inbound, report.Origin);
            else
            {
                console.Plain($"  last response signed with the old key: {At(p.LastSignedWithOldAt, report.Origin)}");
                console.Plain($"  first response signed with the new key: {At(p.FirstSignedWithNewAt, report.Origin)}");
            }
            if (p.Propagation is { Cluster: true } deployment)
                console.Plain($"  exchange deployed on every node{(deployment.Complete ? "" : " (NOT all)")}: {deployment.Describe()}");
            foreach (var node in p.RejectedByNode)
                console.Plain($"  {node.Count}× {node.Reason} signed by {node.Node} (first {At(node.FirstAt, report.Origin)}, last {At(node.LastAt, report.Origin)})");
            if (p.RenameWindow is { } window)
                console.Plain($"  rename window: {window.Milliseconds:0.#} ms from {At(window.StartedAt, report.Origin)}, {window.FailedRequests} failed requests in it (the alias did not exist)");
            foreach (var error in p.Errors)
                console.Plain($"  {error.Count}× {error.Code}: {error.Message} (first {At(error.FirstAt, report.Origin)}, last {At(error.LastAt, report.Origin)})");
            foreach (var invariant in p.Invariants)
                console.Plain($"  [{(invariant.Holds ? "held" : "BROKEN")}] {invariant.Name}: {invariant.Detail}");
            if (p.SenderProfile is { Profile: not "strict" } profile)
                console.Plain($"  sender profile {profile.Profile}: {profile.Effect}" + (profile.Finding is { } finding ? $". FINDING: {finding}" : ""));
            if (p.Expiry is { } expiry)
                console.Plain($"  signing certificate expired {At(expiry.NotAfter, report.Origin)}; {expiry.Rejected} responses rejected as {ExpiryReport.Reason} from {At(expiry.FirstRejectedAt, report.Origin)}");
            if (p.Scenario != "correct") console.Plain($"  Rehearsed mistake: {p.VerdictDetail}. {p.Lesson}");
        }
        console.Plain(report.ExitCode switch
        {
            ExitCodes.Interrupted => $"RESULT: interrupted; both services restored; exit {ExitCodes.Interrupted}.",
            ExitCodes.Succeeded when report.Procedures.Any(p => p.Verdict == ProcedureVerdict.Demonstrated) =>
                "RESULT: demonstrated — the rehearsed mistake broke the renewal exactly as predicted; exit 0.",
            ExitCodes.Succeeded => "RESULT: every invariant held; exit 0.",
            _ => $"RESULT: {string.Join("; ", report.Procedures.Where(p => !ProcedureVerdicts.Succeeded(p.Verdict)).Select(p => $"{p.Mode}: {p.VerdictDetail}"))}; exit 1.",
        });
    }

    /// <summary>Verify-request: the sender's certificates as the tenant's message log saw them, and what the tenant refused (docs/DESIGN.md §10).</summary>
    private static void WriteInbound(DrillConsole console, InboundReport inbound, DateTimeOffset origin)
    {
        console.Plain($"  sender's old certificate: {inbound.Old.Verified} requests verified by the tenant, the last {At(inbound.Old.LastAt, origin)}");
        console.Plain($"  sender's new certificate: {inbound.New?.Verified ?? 0} requests verified by the tenant, the first {At(inbound.New?.FirstAt, origin)}");
        if (inbound.OverlapMilliseconds > 0)
            console.Plain($"  both certificates verified requests for {inbound.OverlapMilliseconds:0.#} ms: requests signed before the switch were still in flight after it");
        console.Plain($"  sender switched {At(inbound.SwitchedAt, origin)}; tenant removed the old certificate {At(inbound.RemovedAt, origin)} (delivery window {inbound.DeliveryWindowSeconds:0.###} s)");
        foreach (var refused in inbound.Refused)
            console.Plain($"  {refused.Count}× {refused.Reason} refused by the tenant (first {At(refused.FirstAt, origin)}, last {At(refused.LastAt, origin)})");
    }

    private static string At(DateTimeOffset? moment, DateTimeOffset origin) => moment is { } m ? DrillClock.Describe(m, origin) : "none";
}
