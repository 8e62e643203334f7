namespace Rotation.Tenant.Tests.Support;

/// <summary>Waits for what another node does in its own time; a deadline far beyond the expected, only to fail rather than hang.</summary>
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
