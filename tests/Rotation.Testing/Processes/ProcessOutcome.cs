using System.Globalization;

namespace Rotation.Testing.Processes;

/// <summary>What a finished child process did: exit code and everything it wrote, for assertions and their messages.</summary>
public sealed record ProcessOutcome(string CommandLine, int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>The whole story of the run, so a failed assertion says what the program said.</summary>
    public string Describe() =>
        $"$ {CommandLine}\nexit code: {(TimedOut ? "timed out" : ExitCode.ToString(CultureInfo.InvariantCulture))}\n" +
        $"--- stderr ---\n{Trim(StandardError)}\n--- stdout ---\n{Trim(StandardOutput)}";

    private static string Trim(string text) => text.Length <= 6000 ? text : text[..6000] + "\n…(cut)";
}
