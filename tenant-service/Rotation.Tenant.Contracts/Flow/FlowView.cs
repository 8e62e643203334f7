namespace Rotation.Tenant.Contracts;

/// <summary>The flow's rehearsal settings: latency added to every request and the share of requests answered with a fault.</summary>
public sealed record FlowView(double ProcessingLatencyMs, double FailureShare);
