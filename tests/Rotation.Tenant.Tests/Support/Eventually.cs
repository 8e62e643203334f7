namespace Rotation.Tenant.Tests.Support;

/// <summary>
/// Waits for what another node (or a database coming back) does in its own time. The deadline is far beyond what is
/// expected, only there to fail rather than hang: nothing here measures speed.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static Task Until(Func<bool> condition, string what) => Until(() => Task.FromResult(condition()), what);

    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested) Assert.Fail($"not within {Deadline.TotalSeconds} s: {what}");
            await Task.Delay(25);
        }
    }
}
