namespace Rotation.Tenant.Contracts;

/// <summary>Inbound verification change; null fields keep their value. Mode: Off or Required. PublicKeyAliases: at most 32, no repeats.</summary>
public sealed record InboundVerificationBody(InboundVerificationMode? Mode = null, string?[]? PublicKeyAliases = null);
