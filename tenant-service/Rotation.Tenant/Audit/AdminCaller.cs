namespace Rotation.Tenant.Audit;

/// <summary>Who is calling the admin API in this request, and which keystore generation they last saw (If-Match).</summary>
public sealed record CallerContext(string Who, long? ExpectedGeneration);

/// <summary>
/// The admin caller of the current request, flowing with the request's async context from the admin filter
/// down to the keystore's single commit point, so every change is attributed and guarded where it commits.
/// One instance per host (no static state).
/// </summary>
public sealed class AdminCaller
{
    private readonly AsyncLocal<CallerContext?> _current = new();

    public CallerContext? Current
    {
        get => _current.Value;
        set => _current.Value = value;
    }
}
