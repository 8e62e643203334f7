using Rotation.Drill.Procedures;

namespace Rotation.Drill.Running;

/// <summary>Live output: each step as it starts and ends, and a traffic line while the drill waits.</summary>
public sealed class DrillConsole(TextWriter output, TimeProvider time)
{
    private DateTimeOffset _start = time.GetUtcNow();

    public TextWriter Output => output;

    public void Begin(string title)
    {
        _start = time.GetUtcNow();
        output.WriteLine();
        output.WriteLine($"== {title}");
    }

    public void Line(string text) => output.WriteLine($"[{Elapsed,6:0.0}s] {text}");

    public void StepStarted(int number, int total, DrillStep step) =>
        Line($"{number}/{total} {RoleName(step.Role),-22} {step.Sentence}");

    public void StepEnded(StepRecord record)
    {
        var mark = record.Outcome switch
        {
            StepOutcome.Done => "ok  ",
            StepOutcome.CheckFailed => "FAIL",
            StepOutcome.Error => "ERR ",
            _ => "skip",
        };
        Line($"    {mark} {record.Detail} ({record.Seconds:0.00} s)");
    }

    public void Traffic(long requests, long verifiedOld, long verifiedNew, long failed, bool paused) =>
        Line($"    traffic: {requests} requests, verified old {verifiedOld}, new {verifiedNew}, failed {failed}{(paused ? ", paused" : "")}");

    public static string RoleName(Role role) => role == Role.TenantAdministrator ? "tenant administrator" : "sender administrator";

    private double Elapsed => (time.GetUtcNow() - _start).TotalSeconds;
}
