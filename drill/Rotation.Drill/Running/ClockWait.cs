namespace Rotation.Drill.Running;

/// <summary>
/// Waits the drill reports as "passed" must have passed by the clock that reports them. A timer counts whole
/// milliseconds of a tick counter and may fire up to a millisecond before the wall clock reaches its mark, so a
/// "0.5 s delivery window" could measure 0.499 s; these waits go on until the clock itself says so. Task.Delay
/// truncates to whole milliseconds (a rest under 1 ms would return at once and spin), so each rest is rounded up.
/// </summary>
public static class ClockWait
{
    public static async Task UntilAsync(this TimeProvider time, DateTimeOffset until, CancellationToken ct)
    {
        for (var left = until - time.GetUtcNow(); left > TimeSpan.Zero; left = until - time.GetUtcNow())
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds)), time, ct);
    }

    public static Task ForAsync(this TimeProvider time, TimeSpan span, CancellationToken ct) => time.UntilAsync(time.GetUtcNow() + span, ct);
}
