namespace Rotation.Sender.Contracts;

/// <summary>
/// One kind of failure (a rejection reason, a SOAP fault, a transport cause) with the verifier's or the
/// transport's own words the first time it happened: what an administrator reads to know what to fix.
/// </summary>
public sealed record ErrorStatistics(OutcomeKind Kind, string Code, string Message, long Count, DateTimeOffset FirstAt, DateTimeOffset LastAt);
