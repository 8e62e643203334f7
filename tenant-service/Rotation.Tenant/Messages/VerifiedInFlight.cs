namespace Rotation.Tenant.Messages;

/// <summary>
/// Messages in the system by the certificate that verified their request: from the verification until the last byte
/// of the response is written. How the tenant administrator ensures that no message verified with the sender's old
/// certificate is still in the system before removing it (docs/DESIGN.md §10), as <see cref="InFlightTracker"/> does
/// for the signing key.
/// </summary>
public sealed class VerifiedInFlight(TimeProvider time)
{
    public InFlightTracker Messages { get; } = new(time);
}
