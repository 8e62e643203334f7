using Microsoft.Extensions.Time.Testing;
using Rotation.Sender.Contracts;
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

    [Fact]
    public void Failures_are_counted_per_reason_with_the_first_message_and_times_and_each_second_has_latency_percentiles()
    {
        var clock = new FakeTimeProvider(T0);
        var statistics = new TrafficStatistics(clock);
        for (var i = 1; i <= 100; i++)
            statistics.Record(Outcome(OutcomeKind.Verified, T0.AddMilliseconds(i * 5), "k", latencyMs: i));
        statistics.Record(Outcome(OutcomeKind.Rejected, T0.AddMilliseconds(600), reason: RejectReason.CertificateUntrusted, message: "not in the trust set (first)"));
        statistics.Record(Outcome(OutcomeKind.Rejected, T0.AddMilliseconds(800), reason: RejectReason.CertificateUntrusted, message: "not in the trust set (second)"));
        statistics.Record(Outcome(OutcomeKind.TransportError, T0.AddMilliseconds(900), message: "connection refused: Connection refused (127.0.0.1:9)"));
        clock.Advance(TimeSpan.FromSeconds(1));

        var snapshot = statistics.Snapshot();

        var untrusted = snapshot.Errors.Single(e => e.Code == "CertificateUntrusted");
        Assert.Equal((OutcomeKind.Rejected, 2L, "not in the trust set (first)"), (untrusted.Kind, untrusted.Count, untrusted.Message));
        Assert.Equal((T0.AddMilliseconds(600), T0.AddMilliseconds(800)), (untrusted.FirstAt, untrusted.LastAt));
        var refused = snapshot.Errors.Single(e => e.Kind == OutcomeKind.TransportError);
        Assert.Equal("connection refused", refused.Code);
        // 100 verified at 1…100 ms and three failures at 5 ms: nearest-rank over 103 values (ranks 52, 98, 102).
        var latency = snapshot.Series[0].LatencyMs!;
        Assert.Equal((49.0, 95.0, 99.0), (latency.P50, latency.P95, latency.P99));
    }

    private static RequestOutcome Outcome(OutcomeKind kind, DateTimeOffset at, string? fingerprint = null, RejectReason? reason = null, string? message = null, double latencyMs = 5) => new()
    {
        Kind = kind,
        Message = message,
        StartedAt = at.AddMilliseconds(-latencyMs),
        CompletedAt = at,
        Fingerprint = fingerprint,
        Reason = reason,
    };
}

/// <summary>A transport error names its cause in the words an administrator acts on.</summary>
public sealed class TransportCauseTests
{
    [Fact]
    public async Task A_refused_connection_is_named_connection_refused()
    {
        var port = FreePort();
        using var http = new HttpClient();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{port}/")));
        var described = TransportCause.Describe(new System.ServiceModel.EndpointNotFoundException("Could not connect", error));
        Assert.StartsWith("connection refused: ", described);
    }

    [Fact]
    public void A_timeout_is_named_timeout() =>
        Assert.StartsWith("timeout: ", TransportCause.Describe(new System.ServiceModel.CommunicationException("outer", new TimeoutException("The request channel timed out"))));

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
