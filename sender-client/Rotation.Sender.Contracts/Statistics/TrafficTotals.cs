namespace Rotation.Sender.Contracts;

/// <summary>Every outcome since the statistics were last reset, by kind, with the rejections by reason and by answering node.</summary>
public sealed record TrafficTotals(
    long Requests,
    long Verified,
    long Rejected,
    long SoapFaults,
    long TransportErrors,
    IReadOnlyDictionary<string, long> RejectedByReason,
    double AverageLatencyMs,
    double MaxLatencyMs,
    IReadOnlyList<NodeRejections> RejectedByNode)
{
    /// <summary>Everything that did not verify: rejections, SOAP faults and transport errors.</summary>
    public long Failed => Rejected + SoapFaults + TransportErrors;
}
