using System.Diagnostics;
using System.Text;

namespace Rotation.Interop.Tests.Infrastructure;

/// <summary>What a peer process did: exit code and everything it wrote, for assertions and their messages.</summary>
public sealed record PeerOutcome(string CommandLine, int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>The whole story of the run, so a failed assertion says what the peer said.</summary>
    public string Describe() =>
        $"$ {CommandLine}\nexit code: {(TimedOut ? "timed out" : ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))}\n" +
        $"--- stderr ---\n{Trim(StandardError)}\n--- stdout ---\n{Trim(StandardOutput)}";

    private static string Trim(string text) => text.Length <= 6000 ? text : text[..6000] + "\n…(cut)";
}

/// <summary>Runs an external peer (xmlsec1, python) with no stdin, captured output and a hard timeout.</summary>
public static class PeerProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<PeerOutcome> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The python peers live in the test output folder; keep it free of __pycache__.
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        var commandLine = fileName + " " + string.Join(' ', start.ArgumentList.Select(Quote));

        using var process = new Process { StartInfo = start };
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return new PeerOutcome(commandLine, timedOut ? -1 : process.ExitCode, await stdout, await stderr, timedOut);
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./:=+,@#".Contains(c)) ? argument : $"'{argument}'";
}
