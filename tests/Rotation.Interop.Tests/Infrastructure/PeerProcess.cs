using Rotation.Testing.Processes;

namespace Rotation.Interop.Tests.Infrastructure;

/// <summary>Runs an external peer (xmlsec1, python, java) through the tests' one process runner.</summary>
public static class PeerProcess
{
    public static Task<ProcessOutcome> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        ChildProcess.RunAsync(new ProcessCommand(fileName, [.. arguments])
        {
            Timeout = timeout ?? ProcessCommand.DefaultTimeout,
            WorkingDirectory = Path.GetTempPath(),
            // The python peers live in the test output folder; keep it free of __pycache__.
            Environment = new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1" },
        });
}
