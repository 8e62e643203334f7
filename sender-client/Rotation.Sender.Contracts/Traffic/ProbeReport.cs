namespace Rotation.Sender.Contracts;

/// <summary>/admin/probe: a handful of requests sent now, outside the traffic run, and what became of each.</summary>
public sealed record ProbeReport(
    int Count,
    int Verified,
    int Rejected,
    int SoapFaults,
    int TransportErrors,
    IReadOnlyDictionary<string, int> VerifiedBy,
    IReadOnlyDictionary<string, int> RejectedByReason,
    IReadOnlyList<RequestOutcome> Outcomes)
{
    public bool AllVerified => Count > 0 && Verified == Count;
}
