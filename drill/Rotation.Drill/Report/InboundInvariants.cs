namespace Rotation.Drill.Report;

/// <summary>
/// The promises of the renewal of the sender's key (docs/DESIGN.md §10), by the same names as the sign-response case's
/// so a rehearsed mistake predicts its breaks the same way: no request refused at any point under live traffic.
/// </summary>
public static class InboundInvariants
{
    public static IReadOnlyList<Invariant> Check(ProcedureReport r, InboundReport inbound)
    {
        var refused = inbound.RefusedRequests;
        var nothingRefused = refused == 0 && r.Failed == 0;
        return
        [
            new(InvariantKind.EveryStepHeld, "every step done and its check held", r.Steps.All(s => s.Outcome == Running.StepOutcome.Done),
                string.Join("; ", r.Steps.Where(s => s.Outcome != Running.StepOutcome.Done).Select(s => $"step {s.Number} {s.Outcome}: {s.Detail}")) is { Length: > 0 } bad ? bad : $"{r.Steps.Count} steps"),
            new(InvariantKind.TrafficRan, "traffic ran", r.Requests > 0 && inbound.Old.Verified > 0,
                $"{r.Requests} requests, {inbound.Old.Verified} verified by the tenant with the sender's old certificate"),
            new(InvariantKind.NothingRejected, "no request refused or failed", nothingRefused,
                nothingRefused ? $"{r.Requests} requests, none refused"
                : $"the tenant refused {refused}: " + string.Join(", ", inbound.Refused.Select(x => $"{x.Count}× {x.Reason}"))
                  + $"; the sender saw {r.SoapFaults} SOAP faults, {r.Rejected} rejected responses, {r.TransportErrors} transport errors"),
            new(InvariantKind.NewKeySigns, "the sender's new key signs requests after the switch", inbound.New is { Verified: > 0 },
                $"{inbound.New?.Verified ?? 0} requests verified with the sender's new certificate"),
            new(InvariantKind.OldKeyInHistory, "the sender's old key pair kept with its retirement time", r.RetiredKey is not null,
                r.RetiredKey is { } k ? $"'{k.Alias}' ({k.Id}), retired {k.RetiredAt:O}" + (k.PurgeableFrom is { } purge ? $", purgeable from {purge:yyyy-MM-dd}" : "")
                : "the sender kept no entry of the old key pair"),
        ];
    }
}
