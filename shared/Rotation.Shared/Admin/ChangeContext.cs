namespace Rotation.Shared.Admin;

/// <summary>
/// Who makes a change and which version of the state they based it on (If-Match), handed explicitly to every
/// mutating operation of a service's state (the tenant's generation, the sender's trust store and keystore revisions)
/// and checked at that state's single commit point. <see cref="ExpectedVersion"/> null: no precondition.
/// </summary>
public sealed record ChangeContext(string Who, long? ExpectedVersion = null)
{
    /// <summary>Changes the service makes itself (a first key pair, settings applied at start) or its offline commands.</summary>
    public static ChangeContext System { get; } = new("system");
}
