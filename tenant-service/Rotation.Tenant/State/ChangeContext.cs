namespace Rotation.Tenant.State;

/// <summary>
/// Who makes a change and which generation they based it on (If-Match), handed explicitly to every mutating
/// operation and checked at the single commit point. <see cref="ExpectedGeneration"/> null: no precondition.
/// </summary>
public sealed record ChangeContext(string Who, long? ExpectedGeneration = null)
{
    /// <summary>Changes the service makes itself, such as the first key pair on an empty keystore.</summary>
    public static ChangeContext System { get; } = new("system");
}
