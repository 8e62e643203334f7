namespace Rotation.Tenant.Contracts;

/// <summary>Whether the flow verifies the sender's signature on every request (docs/DESIGN.md §10).</summary>
public enum InboundVerificationMode
{
    /// <summary>Requests are not verified; a mandatory wsse:Security header gets a MustUnderstand fault.</summary>
    Off,

    /// <summary>Every request must carry a valid signature by a certificate under one of the public key aliases.</summary>
    Required,
}
