using Rotation.Drill.Running;

namespace Rotation.Drill.Tests;

/// <summary>A wait the report calls "passed" has passed by the clock that reports it, even when timers fire early.</summary>
public sealed class ClockWaitTests
{
    /// <summary>Timers fire at once, and each firing moves the clock only half of what was asked: as a timer firing early would, exaggerated.</summary>
    private sealed class EarlyTimers(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public int Fired { get; private set; }
        public override DateTimeOffset GetUtcNow() => _now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Fired++;
            _now += dueTime / 2 + TimeSpan.FromTicks(1);
            callback(state);
            return new Stopped();
        }

        private sealed class Stopped : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_wait_goes_on_until_the_clock_reaches_its_mark()
    {
        var time = new EarlyTimers(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var until = time.GetUtcNow() + TimeSpan.FromMilliseconds(500);

        await time.UntilAsync(until, CancellationToken.None);

        Assert.True(time.GetUtcNow() >= until, $"returned at {time.GetUtcNow():O}, before {until:O}");
        // One plain Task.Delay would have returned after the first firing, at about 250 ms.
        Assert.True(time.Fired > 1);
    }

    [Fact]
    public async Task A_span_is_measured_from_the_call()
    {
        var time = new EarlyTimers(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var started = time.GetUtcNow();

        await time.ForAsync(TimeSpan.FromSeconds(0.5), CancellationToken.None);

        Assert.True(time.GetUtcNow() - started >= TimeSpan.FromSeconds(0.5));
    }

    [Fact]
    public async Task A_mark_already_passed_does_not_wait()
    {
        var time = new EarlyTimers(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

        await time.UntilAsync(time.GetUtcNow() - TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(0, time.Fired);
    }
}
