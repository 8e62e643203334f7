namespace Rotation.Sender.Tests.Infrastructure;

internal static class Eventually
{
    /// <summary>Polls until the condition holds; fails the test with the description when it never does.</summary>
    public static async Task TrueAsync(Func<bool> condition, string description, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting until {description}");
            await Task.Delay(20);
        }
    }
}
