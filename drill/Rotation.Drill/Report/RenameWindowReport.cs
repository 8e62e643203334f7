using Rotation.Drill.Running;
using Rotation.Drill.Tenants;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Report;

/// <summary>
/// What the exchange by rename cost under traffic (docs/DESIGN.md §9): how long the alias was empty, as the drill measured
/// it from sending the first rename to the answer of the second, and the requests that failed in that window — the
/// platform's own behaviour, which an exchange in one change hides. A kind of failure is the window's when all of it
/// happened there (responses still on their way get <see cref="Grace"/> after the second rename).
/// </summary>
public sealed record RenameWindowReport(DateTimeOffset StartedAt, DateTimeOffset EndedAt, double StartedOffset, double EndedOffset, double Milliseconds,
    string RetiredAlias, long FailedRequests, IReadOnlyList<ErrorStatistics> Failures)
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    public static RenameWindowReport Of(RenameWindow window, IReadOnlyList<ErrorStatistics> errors, DrillClock clock)
    {
        var inside = errors.Where(e => e.FirstAt >= window.StartedAt && e.LastAt <= window.EndedAt + Grace).ToList();
        return new RenameWindowReport(window.StartedAt, window.EndedAt, Math.Round(clock.Offset(window.StartedAt), 3), Math.Round(clock.Offset(window.EndedAt), 3),
            window.Milliseconds, window.RetiredAlias, inside.Sum(e => e.Count), inside);
    }
}
