using Microsoft.Extensions.Time.Testing;
using Rotation.Sender.Traffic;
using Rotation.Shared.Verification;

namespace Rotation.Sender.Tests;

/// <summary>Per-second bookkeeping on a fake clock: the numbers the drill's timeline is drawn from.</summary>
public sealed class TrafficStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Series_has_every_second_counts_per_certificate_and_marks_paused_seconds()
    {
        var clock = new FakeTimeProvider(T0);
        var statistics = new TrafficStatistics(clock);
        statistics.Started();

        statistics.Record(Outcome(OutcomeKind.Verified, T0.AddMilliseconds(100), "old"));
        statistics.Record(Outcome(OutcomeKind.Verified, T0.AddMilliseconds(900), "old"));
        clock.Advance(TimeSpan.FromSeconds(1.5));
        statistics.PauseBegan();
        clock.Advance(TimeSpan.FromSeconds(2));
        statistics.PauseEnded();
        statistics.Record(Outcome(OutcomeKind.Verified, clock.GetUtcNow(), "new"));
        statistics.Record(Outcome(OutcomeKind.Rejected, clock.GetUtcNow(), reason: RejectReason.CertificateUntrusted));
        statistics.Record(Outcome(OutcomeKind.TransportError, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(1));

        var snapshot = statistics.Snapshot();

        Assert.Equal(5, snapshot.Series.Count); // 12:00:00 … 12:00:04, the empty ones included
        Assert.Equal([2L, 0, 0, 3, 0], snapshot.Series.Select(s => s.Requests));
        Assert.Equal([false, true, true, true, false], snapshot.Series.Select(s => s.Paused));
        Assert.Equal(2, snapshot.Series[0].VerifiedBy["old"]);
        Assert.Equal(1, snapshot.Series[3].VerifiedBy["new"]);
        Assert.Equal(5, snapshot.Totals.Requests);
        Assert.Equal(2, snapshot.Totals.Failed);
        Assert.Equal(1, snapshot.Totals.RejectedByReason["CertificateUntrusted"]);
        var old = snapshot.ByFingerprint.Single(f => f.Fingerprint == "old");
        Assert.Equal(T0.AddMilliseconds(100), old.FirstVerifiedAt);
        Assert.Equal(T0.AddMilliseconds(900), old.LastVerifiedAt);
        Assert.Equal(["old", "new"], snapshot.ByFingerprint.Select(f => f.Fingerprint));
        Assert.Equal(2, statistics.Snapshot(lastSeconds: 2).Series.Count);
    }

    [Fact]
    public void Only_the_retained_window_is_kept()
    {
        var clock = new FakeTimeProvider(T0);
        var statistics = new TrafficStatistics(clock, retainSeconds: 10);
        for (var i = 0; i < 30; i++)
        {
            statistics.Record(Outcome(OutcomeKind.Verified, clock.GetUtcNow(), "k"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var snapshot = statistics.Snapshot();

        Assert.Equal(30, snapshot.Totals.Verified);
        Assert.True(snapshot.Series.Count <= 11, $"{snapshot.Series.Count} seconds kept");
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), snapshot.Series[^1].Second.ToUnixTimeSeconds());
    }

    private static RequestOutcome Outcome(OutcomeKind kind, DateTimeOffset at, string? fingerprint = null, RejectReason? reason = null) => new()
    {
        Kind = kind,
        StartedAt = at.AddMilliseconds(-5),
        CompletedAt = at,
        Fingerprint = fingerprint,
        Reason = reason,
    };
}
