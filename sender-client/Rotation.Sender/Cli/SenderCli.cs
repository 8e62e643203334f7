using System.Collections;
using System.CommandLine;

namespace Rotation.Sender.Cli;

/// <summary>The command line: send, verify, serve, trust, keys. Usage errors exit 2, whatever the command.</summary>
public static class SenderCli
{
    /// <param name="environment">The variables serve maps onto its options (the process environment in Program).</param>
    public static RootCommand CreateRoot(TimeProvider time, IDictionary environment)
    {
        var root = new RootCommand("Rotation sender: calls a tenant's SOAP endpoint over WCF and verifies every WS-Security signed response against its trust store.");
        root.Subcommands.Add(SendCommand.Create(time));
        root.Subcommands.Add(VerifyCommand.Create(time));
        root.Subcommands.Add(ServeCommand.Create(environment));
        root.Subcommands.Add(TrustCommand.Create(time));
        root.Subcommands.Add(KeysCommand.Create(time));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, TimeProvider? time = null,
        CancellationToken cancellationToken = default, IDictionary? environment = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var parse = CreateRoot(time ?? TimeProvider.System, environment ?? Environment.GetEnvironmentVariables()).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors) await error.WriteLineAsync(problem.Message);
            await error.WriteLineAsync("(run with --help for usage)");
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            // Neither "valid" nor "rejected" nor a usage error: a distinct code so scripts never mistake it for a verdict.
            await error.WriteLineAsync($"error: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}
