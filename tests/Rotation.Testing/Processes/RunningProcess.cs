using System.Text;
using CliWrap;

namespace Rotation.Testing.Processes;

/// <summary>
/// A program a test started and stops again (<see cref="ChildProcess.Start"/>): its output is kept line by line,
/// a test can wait for a line, and disposing kills and reaps it if it still runs.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<string> _output = [];
    private readonly StringBuilder _errors = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly CancellationTokenSource _kill = new();
    private readonly Task<int?> _exit;
    private bool _disposed;

    internal RunningProcess(ProcessCommand command, Command configured)
    {
        CommandLine = command.CommandLine;
        var task = configured
            .WithStandardOutputPipe(PipeTarget.ToDelegate(OnOutput, Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(OnError, Encoding.UTF8))
            .ExecuteAsync(_kill.Token);
        ProcessId = task.ProcessId;
        _exit = ObserveAsync(task);
    }

    public string CommandLine { get; }

    public int ProcessId { get; }

    public bool HasExited => _exit.IsCompleted;

    /// <summary>The exit code once it has exited on its own; null when it was killed.</summary>
    public Task<int?> Exited => _exit;

    /// <summary>Every line written to stdout so far.</summary>
    public IReadOnlyList<string> OutputLines
    {
        get { lock (_gate) return [.. _output]; }
    }

    public string StandardError
    {
        get { lock (_gate) return _errors.ToString(); }
    }

    /// <summary>
    /// The first stdout line (already written or still to come) that <paramref name="match"/> accepts. Fails with the
    /// program's output when it exits first or the time runs out.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.FirstOrDefault(match) is { } line) return line;
            _waiters.Add((match, seen));
        }
        var first = await Task.WhenAny(seen.Task, _exit, Task.Delay(timeout));
        if (first == seen.Task) return await seen.Task;
        throw new InvalidOperationException(
            (first == _exit ? $"the program exited ({await _exit}) before it wrote the expected line" : $"no expected line within {timeout}") + "\n" + Describe());
    }

    /// <summary>Kills the program (with any children) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        await _kill.CancelAsync();
        await _exit;
    }

    /// <summary>Command line and everything it wrote, for failure messages.</summary>
    public string Describe() => $"$ {CommandLine}\n--- stderr ---\n{StandardError}\n--- stdout ---\n{string.Join('\n', OutputLines)}";

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await KillAsync();
        _kill.Dispose();
    }

    private void OnOutput(string line)
    {
        List<TaskCompletionSource<string>> matched;
        lock (_gate)
        {
            _output.Add(line);
            matched = _waiters.Where(w => w.Match(line)).Select(w => w.Seen).ToList();
            _waiters.RemoveAll(w => matched.Contains(w.Seen));
        }
        foreach (var seen in matched) seen.TrySetResult(line);
    }

    private void OnError(string line)
    {
        lock (_gate) _errors.AppendLine(line);
    }

    private static async Task<int?> ObserveAsync(CommandTask<CommandResult> task)
    {
        try
        {
            return (await task).ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
