namespace Rotation.Tenant.Messages;

/// <summary>
/// "No message signed with the old key is still in the system": the messages in flight by signing fingerprint. On a
/// single tenant that is its <see cref="InFlightTracker"/>; in a cluster every node's (docs/DESIGN.md §8).
/// </summary>
public interface IInFlightView
{
    Task<IReadOnlyList<InFlightGroup>> GroupsAsync(CancellationToken cancellationToken);

    Task<int> CountAsync(string fingerprint, CancellationToken cancellationToken);

    /// <summary>True once no message signed with the fingerprint is in flight, false when the timeout passes first.</summary>
    Task<bool> WaitUntilDrainedAsync(string fingerprint, TimeSpan timeout, CancellationToken cancellationToken);
}
