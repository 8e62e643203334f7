namespace Rotation.Container.Tests.Infrastructure;

/// <summary>How a drill container ended: its exit code (the verdict) and what it printed.</summary>
public sealed record DrillRun(long ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"drill exit code {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
