using System.Text;
using CliWrap;

namespace Rotation.Testing.Processes;

/// <summary>
/// The one way tests start programs (CliWrap underneath): no stdin, both pipes drained, and a process that outlives
/// its timeout or its test is killed and reaped, never left running.
/// </summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="command"/> to its exit; past its timeout it is killed and the outcome says so.</summary>
    public static async Task<ProcessOutcome> RunAsync(ProcessCommand command, CancellationToken cancellationToken = default)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(command.Timeout);
        try
        {
            var result = await Configure(command)
                .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout, Encoding.UTF8))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr, Encoding.UTF8))
                .ExecuteAsync(timeout.Token);
            return new ProcessOutcome(command.CommandLine, result.ExitCode, stdout.ToString(), stderr.ToString(), TimedOut: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProcessOutcome(command.CommandLine, -1, stdout.ToString(), stderr.ToString(), TimedOut: true);
        }
    }

    /// <summary>
    /// Starts a long-running <paramref name="command"/> (a server, a drill); its timeout does not apply. It starts with
    /// SIGINT at its default handling even when the test run ignores it (a run started with '&amp;' from a shell without
    /// job control inherits SIGINT ignored, and an ignored signal stays ignored across exec, so no Ctrl+C test could
    /// pass): coreutils' env resets it and execs the program, which keeps the process id.
    /// </summary>
    public static RunningProcess Start(ProcessCommand command) => new(command, Configure(WithDefaultInterrupt(command)));

    private const string Env = "/usr/bin/env";

    private static ProcessCommand WithDefaultInterrupt(ProcessCommand command) =>
        File.Exists(Env) ? command with { FileName = Env, Arguments = ["--default-signal=INT", command.FileName, .. command.Arguments] } : command;

    /// <summary>
    /// Sends SIGINT, as Ctrl+C in a terminal does. Through kill(1): .NET has no API to signal another process.
    /// </summary>
    public static async Task InterruptAsync(int processId)
    {
        var outcome = await RunAsync(new ProcessCommand("kill", ["-INT", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        if (!outcome.Succeeded) throw new InvalidOperationException("could not interrupt the process\n" + outcome.Describe());
    }

    private static Command Configure(ProcessCommand command) =>
        Cli.Wrap(command.FileName)
            .WithArguments(command.Arguments)
            .WithWorkingDirectory(command.WorkingDirectory)
            .WithEnvironmentVariables(variables =>
            {
                foreach (var (name, value) in command.Environment) variables.Set(name, value);
            })
            .WithStandardInputPipe(PipeSource.Null)
            .WithValidation(CommandResultValidation.None);
}
