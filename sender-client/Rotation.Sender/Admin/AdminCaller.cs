namespace Rotation.Sender.Admin;

/// <summary>Who is calling the admin API in this request, and which trust store revision they last saw (If-Match).</summary>
public sealed record CallerContext(string Who, long? ExpectedRevision);

/// <summary>
/// The admin caller of the current request, flowing with the request's async context from the bearer-token filter
/// to the trust store's single commit point, so every change is attributed and guarded where it commits.
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
