namespace Rotation.Tenant.State;

/// <summary>
/// Whether this node is in touch with a shared store (docs/DESIGN.md §8): it has caught up with the stored generation
/// since it started (before that it is not ready), and the store is reachable (while it is not, the node keeps signing
/// from its snapshot, refuses changes with 503 and reports itself degraded). A tenant on its data directory is always both.
/// </summary>
public sealed class StoreStatus(TimeProvider time)
{
    private readonly Lock _gate = new();
    private bool _caughtUp;
    private (string Reason, DateTimeOffset Since)? _lost;

    public static StoreStatus Local(TimeProvider time)
    {
        var status = new StoreStatus(time);
        status.Reached();
        return status;
    }

    public bool CaughtUp
    {
        get { lock (_gate) return _caughtUp; }
    }

    /// <summary>Why and since when the store cannot be reached; null while it can.</summary>
    public (string Reason, DateTimeOffset Since)? Lost
    {
        get { lock (_gate) return _lost; }
    }

    /// <summary>The store answered and this node has deployed what it holds.</summary>
    public void Reached()
    {
        lock (_gate) (_caughtUp, _lost) = (true, null);
    }

    /// <summary>The store did not answer; the first reason and moment are kept until it answers again.</summary>
    public void Unreachable(string reason)
    {
        lock (_gate) _lost ??= (reason, time.GetUtcNow());
    }
}
