using System.Globalization;
using Rotation.Drill.Procedures;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Running;

/// <summary>
/// Live output, each line stamped with the drill's one clock and at most <see cref="Width"/> columns: steps as
/// they start and end, one traffic line per second, and each kind of failure with the verifier's own words
/// when it first appears. Everything the drill shows while it runs passes through here.
/// </summary>
public sealed class DrillConsole(TextWriter output, DrillClock clock)
{
    public const int Width = 120;
    private readonly Lock _sync = new();

    public TextWriter Output => output;

    public DrillClock Clock => clock;

    public void Begin(string title)
    {
        lock (_sync)
        {
            output.WriteLine();
            output.WriteLine($"== {title}");
        }
    }

    /// <summary>A stamped line; longer text wraps at word boundaries onto indented continuation lines.</summary>
    public void Line(string text)
    {
        var stamp = clock.Stamp(clock.Now) + " ";
        lock (_sync)
        {
            var indent = new string(' ', stamp.Length + 4);
            var first = true;
            foreach (var line in Wrap(text, Width - stamp.Length, Width - indent.Length))
            {
                output.WriteLine((first ? stamp : indent) + line);
                first = false;
            }
        }
    }

    /// <summary>A line without a stamp (the summary), wrapped the same way.</summary>
    public void Plain(string text)
    {
        lock (_sync)
        {
            var first = true;
            foreach (var line in Wrap(text, Width, Width - 4))
            {
                output.WriteLine(first ? line : "    " + line);
                first = false;
            }
        }
    }

    public void StepStarted(int number, int total, DrillStep step) =>
        Line($"step {number}/{total} {RoleName(step.Role)}: {step.Sentence}");

    public void StepEnded(StepRecord record)
    {
        var mark = record.Outcome switch
        {
            StepOutcome.Done => "ok",
            StepOutcome.CheckFailed => "CHECK FAILED",
            StepOutcome.Error => "ERROR",
            _ => "skipped",
        };
        Line($"  {mark} ({record.Seconds:0.00} s): {record.Detail}");
    }

    /// <summary>
    /// One line per completed second of traffic: its rate (a second the run only partly covered is divided by the part
    /// it covered), the totals verified by each key, the failures so far and the second's p99 latency.
    /// </summary>
    public void TrafficSecond(SecondStatistics second, double coveredSeconds, long verifiedOld, long verifiedNew, long rejected, long failed)
    {
        var rate = coveredSeconds > 0 ? second.Requests / coveredSeconds : 0;
        var p99 = second.LatencyMs is { } l ? string.Create(CultureInfo.InvariantCulture, $"{l.P99:0.0} ms") : "-";
        Line(string.Create(CultureInfo.InvariantCulture,
            $"  traffic {rate,4:0}/s  verified old {verifiedOld,5} new {verifiedNew,5}  rejected {rejected,4}  errors {failed - rejected,3}  p99 {p99}{(second.Paused ? "  paused" : "")}"));
    }

    /// <summary>A failure kind seen for the first time, or again in greater number: the verifier's message, not only its code.</summary>
    public void Failure(ErrorStatistics error) =>
        Line($"  {error.Count}× {error.Code}: {error.Message}");

    public static string RoleName(Role role) => role == Role.TenantAdministrator ? "tenant administrator" : "sender administrator";

    public static IEnumerable<string> Wrap(string text, int firstWidth, int restWidth)
    {
        var width = firstWidth;
        var rest = text;
        while (rest.Length > width)
        {
            var cut = rest.LastIndexOf(' ', width);
            if (cut <= width / 3) cut = width;
            yield return rest[..cut].TrimEnd();
            rest = rest[cut..].TrimStart();
            width = restWidth;
        }
        yield return rest;
    }
}
