using Rotation.Testing.Processes;

namespace Rotation.Shared.Tests.Support;

/// <summary>The tests' one process runner (tests/Rotation.Testing, docs/DESIGN.md §7b), against /bin/sh.</summary>
public sealed class ChildProcessSelfTests
{
    private static ProcessCommand Shell(string script) => new("/bin/sh", ["-c", script]);

    [Fact]
    public async Task A_finished_program_gives_its_exit_code_and_both_outputs()
    {
        var outcome = await ChildProcess.RunAsync(Shell("echo out; echo err >&2; exit 3"));

        Assert.Equal(3, outcome.ExitCode);
        Assert.Equal("out\n", outcome.StandardOutput);
        Assert.Equal("err\n", outcome.StandardError);
        Assert.False(outcome.Succeeded);
        Assert.False(outcome.TimedOut);
        Assert.Contains("exit code: 3", outcome.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_past_its_timeout_is_killed_and_what_it_wrote_is_kept()
    {
        var outcome = await ChildProcess.RunAsync(Shell("echo started; exec sleep 600") with { Timeout = TimeSpan.FromSeconds(1) });

        Assert.True(outcome.TimedOut);
        Assert.False(outcome.Succeeded);
        Assert.Equal("started\n", outcome.StandardOutput);
    }

    [Fact]
    public async Task Variables_are_set_and_inherited_ones_removed_by_prefix()
    {
        var outcome = await ChildProcess.RunAsync(new ProcessCommand("/usr/bin/env", []).WithoutInherited("PATH").WithVariable("ROTATION_PROBE", "set"));

        var lines = outcome.StandardOutput.Split('\n');
        Assert.Contains("ROTATION_PROBE=set", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("PATH=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_running_program_is_waited_for_by_its_line_and_killed_and_reaped_on_dispose()
    {
        var running = ChildProcess.Start(Shell("echo starting; echo ready; exec sleep 600"));

        Assert.Equal("ready", await running.WaitForLineAsync(l => l.StartsWith("rea", StringComparison.Ordinal), TimeSpan.FromMinutes(1)));
        Assert.False(running.HasExited);
        await running.DisposeAsync();
        Assert.True(running.HasExited);
        Assert.Null(await running.Exited);
        Assert.Equal(["starting", "ready"], running.OutputLines);
    }

    [Fact]
    public async Task Waiting_for_a_line_the_program_never_writes_fails_with_its_output_once_it_exits()
    {
        await using var running = ChildProcess.Start(Shell("echo something else; echo broken >&2; exit 4"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => running.WaitForLineAsync(l => l == "ready", TimeSpan.FromMinutes(1)));
        Assert.Contains("exited (4)", error.Message, StringComparison.Ordinal);
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, await running.Exited);
    }

    [Fact]
    public async Task An_interrupt_is_SIGINT_and_the_program_exits_as_it_chooses()
    {
        await using var running = ChildProcess.Start(Shell("trap 'echo interrupted; exit 130' INT; echo ready; while :; do sleep 0.1; done"));
        await running.WaitForLineAsync(l => l == "ready", TimeSpan.FromMinutes(1));

        await ChildProcess.InterruptAsync(running.ProcessId);

        Assert.Equal(130, await running.Exited.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("interrupted", running.OutputLines);
    }
}
