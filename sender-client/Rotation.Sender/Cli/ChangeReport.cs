using System.CommandLine;

namespace Rotation.Sender.Cli;

/// <summary>How the store commands (trust, keys) end: a refusal on stderr with exit 1, or the change and the store as it is now with exit 0.</summary>
internal static class ChangeReport
{
    public static async Task<int> WriteAsync(ParseResult parse, string? refusal, string message, Func<TextWriter, Task> printStore)
    {
        if (refusal is not null)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"refused ({refusal}): {message}");
            return ExitCodes.Rejected;
        }
        await parse.InvocationConfiguration.Output.WriteLineAsync(message);
        await printStore(parse.InvocationConfiguration.Output);
        return ExitCodes.Success;
    }
}
