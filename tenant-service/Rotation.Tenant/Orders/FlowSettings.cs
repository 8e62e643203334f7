using Rotation.Tenant.Inbound;

namespace Rotation.Tenant.Orders;

/// <summary>
/// The integration flow's settings beside its signer step: inbound verification (docs/DESIGN.md §10) and the
/// rehearsal knobs, added processing latency and a share of requests that fail.
/// </summary>
public sealed record FlowSettings
{
    public TimeSpan ProcessingLatency { get; init; } = TimeSpan.Zero;

    /// <summary>0 = never fail, 1 = always fail (with a SOAP fault).</summary>
    public double FailureShare { get; init; }

    /// <summary>Whether requests must be signed, and by the certificates under which aliases.</summary>
    public InboundVerification Inbound { get; init; } = InboundVerification.Off;

    public string? Problem() =>
        ProcessingLatency < TimeSpan.Zero || ProcessingLatency > TimeSpan.FromMinutes(5) ? "processing latency must be between 0 and 5 minutes"
        : FailureShare is < 0 or > 1 || double.IsNaN(FailureShare) ? "failure share must be between 0 and 1"
        : Inbound.Problem();
}
