namespace Rotation.Sender.Traffic;

/// <summary>
/// Sends requests at a rate with bounded concurrency, for a count, a duration or until stopped.
/// Pause means "stop sending signed messages": once <see cref="PauseAsync"/> has set the pause no request
/// leaves, and it returns only when the requests already in flight have finished. The check that lets a
/// request leave and the in-flight count change under one lock, so no request can slip past a pause.
/// </summary>
public sealed class TrafficRunner : IAsyncDisposable
{
    private readonly Func<long, CancellationToken, Task<RequestOutcome>> _send;
    private readonly TrafficStatistics _statistics;
    private readonly TimeProvider _time;
    private readonly OutcomeLog? _log;
    private readonly Lock _sync = new();
    private bool _paused;
    private TaskCompletionSource _resumed = Completed();
    private int _inFlight;
    private TaskCompletionSource _drained = Completed();
    private RunState? _run;
    private long _sequence;
    private double _rate;

    public TrafficRunner(Func<long, CancellationToken, Task<RequestOutcome>> send, TrafficStatistics statistics, TimeProvider time, OutcomeLog? log = null, double initialRate = 10)
    {
        _send = send ?? throw new ArgumentNullException(nameof(send));
        _statistics = statistics ?? throw new ArgumentNullException(nameof(statistics));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _log = log;
        _rate = initialRate;
    }

    public TrafficStatistics Statistics => _statistics;

    public double Rate => Volatile.Read(ref _rate);

    public bool IsPaused
    {
        get { lock (_sync) return _paused; }
    }

    public int InFlight
    {
        get { lock (_sync) return _inFlight; }
    }

    /// <summary>Completes when the current run has ended and its requests have finished (completed when idle).</summary>
    public Task Completion
    {
        get { lock (_sync) return _run?.Task ?? Task.CompletedTask; }
    }

    public TrafficStatus Status()
    {
        lock (_sync)
        {
            var running = _run is { Task.IsCompleted: false };
            var state = !running ? TrafficState.Idle : _paused ? TrafficState.Paused : TrafficState.Running;
            return new TrafficStatus(state, _paused, Rate, _run?.Plan.Concurrency ?? 0, _inFlight, _run?.Sent ?? 0,
                _run?.Plan.Count, _run?.Plan.Duration, _run?.StartedAt);
        }
    }

    /// <summary>Starts a run. Returns false when one is already running (stop it first). A pause set before stays in force.</summary>
    public bool Start(TrafficPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        plan.Validate();
        lock (_sync)
        {
            if (_run is { Task.IsCompleted: false }) return false;
            Volatile.Write(ref _rate, plan.Rate);
            var stop = plan.Duration is { } duration ? new CancellationTokenSource(duration, _time) : new CancellationTokenSource();
            var run = new RunState(plan, stop, _time.GetUtcNow());
            _statistics.Started();
            run.Task = Task.Run(() => DispatchAsync(run));
            _run = run;
            return true;
        }
    }

    /// <summary>Ends the run: no new request leaves; those in flight finish. Returns when they have.</summary>
    public async Task StopAsync()
    {
        RunState? run;
        lock (_sync) run = _run;
        if (run is null) return;
        if (!run.Task.IsCompleted) await run.Stop.CancelAsync().ConfigureAwait(false);
        await run.Task.ConfigureAwait(false);
    }

    public void SetRate(double rate)
    {
        if (!(rate > 0) || double.IsInfinity(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "rate must be positive");
        Volatile.Write(ref _rate, rate);
    }

    /// <summary>Pauses and waits until no request is in flight. From the moment it is called no request leaves.</summary>
    /// <returns>How many requests were in flight when the pause began (they were allowed to finish).</returns>
    public async Task<int> PauseAsync(CancellationToken cancellationToken = default)
    {
        Task drained;
        int inFlight;
        lock (_sync)
        {
            if (!_paused)
            {
                _paused = true;
                _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _statistics.PauseBegan();
            }
            inFlight = _inFlight;
            drained = inFlight == 0 ? Task.CompletedTask : _drained.Task;
        }
        await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        return inFlight;
    }

    public void Resume()
    {
        lock (_sync)
        {
            if (!_paused) return;
            _paused = false;
            _resumed.TrySetResult();
            _statistics.PauseEnded();
        }
    }

    private async Task DispatchAsync(RunState run)
    {
        var token = run.Stop.Token;
        using var slots = new SemaphoreSlim(run.Plan.Concurrency, run.Plan.Concurrency);
        var next = _time.GetUtcNow();
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (run.Plan.Count is { } count && run.Sent >= count) break;
                if (await WaitWhilePausedAsync(token).ConfigureAwait(false)) next = _time.GetUtcNow();
                await slots.WaitAsync(token).ConfigureAwait(false);
                var began = false;
                try
                {
                    var wait = next - _time.GetUtcNow();
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, token).ConfigureAwait(false);
                    began = TryBeginRequest();
                    if (!began) continue; // paused while we waited for the slot or the schedule
                    run.Sent++;
                    var sequence = Interlocked.Increment(ref _sequence);
                    var interval = TimeSpan.FromSeconds(1 / Rate);
                    var now = _time.GetUtcNow();
                    next += interval;
                    // Fell behind (slow server, full concurrency): continue at the rate from now, without a burst.
                    if (next < now - interval) next = now;
                    _ = RunOneAsync(sequence, slots);
                }
                finally
                {
                    if (!began) slots.Release();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // stopped or the duration elapsed
        }
        await WaitForDrainAsync().ConfigureAwait(false);
    }

    private async Task<bool> WaitWhilePausedAsync(CancellationToken token)
    {
        Task resumed;
        lock (_sync)
        {
            if (!_paused) return false;
            resumed = _resumed.Task;
        }
        await resumed.WaitAsync(token).ConfigureAwait(false);
        return true;
    }

    private bool TryBeginRequest()
    {
        lock (_sync)
        {
            if (_paused) return false;
            if (_inFlight++ == 0) _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return true;
        }
    }

    private void EndRequest()
    {
        lock (_sync)
        {
            if (--_inFlight == 0) _drained.TrySetResult();
        }
    }

    private Task WaitForDrainAsync()
    {
        lock (_sync) return _inFlight == 0 ? Task.CompletedTask : _drained.Task;
    }

    private async Task RunOneAsync(long sequence, SemaphoreSlim slots)
    {
        var started = _time.GetUtcNow();
        RequestOutcome outcome;
        try
        {
            // Requests in flight are never cancelled by stop or pause: they finish (or time out) on their own.
            outcome = await _send(sequence, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            outcome = new RequestOutcome
            {
                Sequence = sequence,
                Kind = OutcomeKind.TransportError,
                StartedAt = started,
                CompletedAt = _time.GetUtcNow(),
                Message = $"{ex.GetType().Name}: {ex.Message}",
            };
        }
        try
        {
            _statistics.Record(outcome);
            _log?.Append(outcome);
        }
        finally
        {
            slots.Release();
            EndRequest();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Resume();
    }

    private static TaskCompletionSource Completed()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    private sealed class RunState(TrafficPlan plan, CancellationTokenSource stop, DateTimeOffset startedAt)
    {
        public TrafficPlan Plan { get; } = plan;
        public CancellationTokenSource Stop { get; } = stop;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public Task Task { get; set; } = Task.CompletedTask;
        public long Sent { get; set; }
    }
}
