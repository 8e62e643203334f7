namespace Rotation.Sender.Contracts;

/// <summary>Outcomes completed within one wall-clock second (UTC), and whether traffic was paused during it.</summary>
public sealed record SecondStatistics(
    DateTimeOffset Second,
    long Requests,
    long Verified,
    IReadOnlyDictionary<string, long> VerifiedBy,
    long Rejected,
    long SoapFaults,
    long TransportErrors,
    bool Paused,
    LatencyPercentiles? LatencyMs);
