namespace Rotation.Tenant.Messages;

/// <summary>
/// Messages in the system by the certificate that verified their request: from the verification until the last byte
/// of the response is written. How the tenant administrator ensures that no message verified with the sender's old
/// certificate is still in the system before removing it (docs/DESIGN.md §10), as <see cref="InFlightTracker"/> does
/// for the signing key: <see cref="Messages"/> are this node's, <see cref="View"/> is what the admin API answers with —
/// this node's, or in a cluster every node's (docs/DESIGN.md §8).
/// </summary>
public sealed class VerifiedInFlight(InFlightTracker messages, IInFlightView? cluster = null)
{
    public InFlightTracker Messages { get; } = messages;

    public IInFlightView View { get; } = cluster ?? messages;
}
