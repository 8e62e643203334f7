using Rotation.Tenant.Signing;

namespace Rotation.Tenant.Inbound;

/// <summary>
/// The door's verdict on one request: why it is refused (null when it may go on), what inbound verification made of
/// it, and the bytes the flow gets — the request as received, less the wsse:Security header verification processed.
/// </summary>
internal readonly record struct IntakeResult(RequestRefusal? Refused, InboundOutcome Inbound, ReadOnlyMemory<byte> ForTheFlow);
