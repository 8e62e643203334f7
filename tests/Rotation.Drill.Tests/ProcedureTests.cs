using Rotation.Drill.Procedures;
using Rotation.Drill.Report;
using Rotation.Drill.Running;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>Both renewal procedures, run for real end to end; every invariant read back from the report.</summary>
public sealed class ProcedureTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Overlap_procedure_renews_the_key_without_a_single_failed_response()
    {
        var (report, exitCode, console) = await DrillRunner.RunAsync(log, ProcedureMode.Overlap);
        var p = Assert.Single(report.Procedures);
        ConsoleIsReadable(console, p);

        Assert.Equal(0, exitCode);
        Assert.True(p.Passed, string.Join("; ", p.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
        Assert.Equal(7, p.Steps.Count);
        Assert.All(p.Steps, s => Assert.Equal(StepOutcome.Done, s.Outcome));
        Assert.Equal(
            [Role.TenantAdministrator, Role.TenantAdministrator, Role.SenderAdministrator, Role.SenderAdministrator, Role.TenantAdministrator, Role.TenantAdministrator, Role.SenderAdministrator],
            p.Steps.Select(s => s.Role));
        Assert.Equal(0, p.Failed);
        var seconds = (p.FinishedAt - p.StartedAt).TotalSeconds;
        Assert.True(p.Requests >= 100 * seconds * 0.8, $"{p.Requests} requests in {seconds:0.0} s: the traffic did not run at about 100/s or more");
        Assert.True(p.VerifiedOld > 0 && p.VerifiedNew > 0);
        Assert.Equal(p.Requests, p.VerifiedOld + p.VerifiedNew);
        Assert.Equal(0, p.DowntimeSeconds);
        Assert.NotNull(p.NewFingerprint);
        Assert.NotEqual(p.OldFingerprint, p.NewFingerprint);
        // The switch happens at the exchange: the old key's last response and the new key's first lie around it.
        Assert.NotNull(p.ExchangedAt);
        Assert.True(p.FirstSignedWithNewAt >= p.Steps[4].StartedAt.AddSeconds(-1), "a response verified with the new key before the exchange step");
        Assert.True(p.LastSignedWithOldAt <= p.ExchangedAt.Value.AddSeconds(1), "a response verified with the old key long after the exchange");
        var retired = Assert.IsType<Admin.HistoryInfo>(p.RetiredKey);
        Assert.Equal(p.OldFingerprint, retired.Fingerprint);
        Assert.True(retired.PurgeableFrom >= retired.RetiredAt.AddDays(90));
        // The timeline adds up to the totals.
        Assert.Equal(p.VerifiedOld, p.Timeline.Sum(t => t.VerifiedOld));
        Assert.Equal(p.VerifiedNew, p.Timeline.Sum(t => t.VerifiedNew));
    }

    [Fact]
    public async Task Single_procedure_stops_the_sender_for_a_downtime_within_budget_and_never_sends_during_it()
    {
        var (report, exitCode, _) = await DrillRunner.RunAsync(log, ProcedureMode.Single);
        var p = Assert.Single(report.Procedures);

        Assert.Equal(0, exitCode);
        Assert.True(p.Passed, string.Join("; ", p.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
        Assert.Equal(10, p.Steps.Count);
        Assert.Equal("Stop sending signed messages.", p.Steps[3].Sentence);
        Assert.Equal("Ensure no message signed with the old key is still in the system.", p.Steps[6].Sentence);
        Assert.Equal("Resume sending.", p.Steps[9].Sentence);
        Assert.Equal(0, p.Failed);
        Assert.True(p.DowntimeSeconds > 0 && p.DowntimeSeconds <= 10, $"downtime {p.DowntimeSeconds} s");
        Assert.Equal(0, p.RequestsDuringDowntime);
        Assert.Equal(0, p.SignedWithOldAfterExchange);
        Assert.True(p.LastSignedWithOldAt <= p.ExchangedAt, "a response signed with the old key arrived after the exchange");
        Assert.True(p.FirstSignedWithNewAt >= p.Steps[9].StartedAt.AddMilliseconds(-500), "traffic verified with the new key before the sender resumed");
        Assert.Contains(p.Timeline, t => t.Paused);
        Assert.All(p.Timeline.Where(t => t.Paused && t.Start > p.Timeline.First(x => x.Paused).Start && t.Start < p.Timeline.Last(x => x.Paused).Start),
            t => Assert.Equal(0, t.VerifiedOld + t.VerifiedNew + t.Failed));
        Assert.All(p.Invariants, i => Assert.True(i.Holds, i.Name));
        Assert.Contains(p.Invariants, i => i.Name == "no request sent during the downtime");
    }

    /// <summary>One traffic line per second, nothing printed twice, every line within 120 columns, one fingerprint length everywhere.</summary>
    private static void ConsoleIsReadable(string console, Report.ProcedureReport p)
    {
        var lines = console.Split(Environment.NewLine);
        Assert.All(lines, l => Assert.True(l.Length <= DrillConsole.Width, $"{l.Length} columns: {l}"));
        var traffic = lines.Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d\.\d{3}Z +\+[\d.]+s +traffic +\d+/s")).ToList();
        // At most one line per wall-clock second the traffic touched; the last one or two may end before they are shown.
        var seconds = p.FinishedAt.ToUnixTimeSeconds() - p.StartedAt.ToUnixTimeSeconds() + 1;
        Assert.InRange(traffic.Count, seconds - 2, seconds);
        Assert.Equal(traffic.Count, traffic.Distinct().Count());
        var fingerprints = System.Text.RegularExpressions.Regex.Matches(console, "[0-9a-f]{6,}…").Select(m => m.Length).Distinct().ToList();
        Assert.Equal([FingerprintText.ShortLength + 1], fingerprints);
        // The console's clock is the report's: a step's stamp shows its offset from the drill's origin.
        var first = p.Steps[0];
        Assert.Contains(lines, l => l.Contains($"{first.StartedAt.UtcDateTime:HH:mm:ss}") && l.Contains("step 1/7"));
    }
}
