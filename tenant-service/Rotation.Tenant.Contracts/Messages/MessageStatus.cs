namespace Rotation.Tenant.Contracts;

/// <summary>What happened to one message the flow answered.</summary>
public enum MessageStatus
{
    /// <summary>A response, signed.</summary>
    Completed,
    /// <summary>A SOAP fault (a simulated failure, malformed request), signed.</summary>
    Fault,
    /// <summary>No key pair under the signer step's alias: an unsigned fault went back.</summary>
    NoSigningKey,
    /// <summary>Signing or writing failed, or the client went away.</summary>
    Failed,
    /// <summary>Inbound verification refused the request: a signed WS-Security fault went back (docs/DESIGN.md §10).</summary>
    Rejected,
}
