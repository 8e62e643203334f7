using System.Collections.Concurrent;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Traffic;
using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;
using Rotation.Shared.Admin;
using Rotation.Shared.Verification;
using Rotation.Sender.Contracts;

namespace Rotation.Sender.Tests;

/// <summary>Traffic against the signing tenant: pause and resume counted at the server, atomic exchange under load.</summary>
[Collection(SenderCollection.Name)]
public sealed class TrafficTests(TestKeys keys)
{
    [Fact]
    public async Task Pause_lets_in_flight_requests_finish_sends_nothing_while_paused_and_resume_continues_at_the_rate()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var rig = SenderTraffic.Against(tenant, keys.Old);
        var (statistics, traffic) = (rig.Statistics, rig.Runner);

        tenant.HoldDoor();
        Assert.True(traffic.Start(new TrafficPlan { Rate = 40, Concurrency = 3 }));
        await Eventually.TrueAsync(() => tenant.Inside == 3, "three requests are held inside the tenant");

        var pausing = traffic.PauseAsync();
        await Task.Delay(300);
        Assert.False(pausing.IsCompleted, "pause must wait for the requests in flight");
        Assert.Equal(TrafficState.Paused, traffic.Status().State);
        tenant.OpenDoor();
        var inFlightAtPause = await pausing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, inFlightAtPause);
        Assert.Equal(0, traffic.InFlight);
        var atPause = tenant.Requests;
        Assert.Equal(3, atPause);
        Assert.Equal(3, statistics.Snapshot().Totals.Verified); // the in-flight ones completed, verified

        await Task.Delay(1000); // at 40/s, 40 requests would have left by now without the pause
        Assert.Equal(atPause, tenant.Requests);

        traffic.Resume();
        var resumedAt = DateTime.UtcNow;
        await Task.Delay(1000);
        var sentAfterResume = tenant.Requests - atPause;
        var elapsed = (DateTime.UtcNow - resumedAt).TotalSeconds;
        // At the rate again: about 40 per second (generous bounds for a shared 2-core machine), no catch-up burst.
        Assert.InRange(sentAfterResume / elapsed, 10, 55);
        await traffic.StopAsync();
        var totals = statistics.Snapshot().Totals;
        Assert.Equal(0, totals.Failed);
        Assert.Equal(tenant.Requests, totals.Requests);
        Assert.Contains(statistics.Snapshot().Series, s => s.Paused);
    }

    [Fact]
    public async Task A_pause_set_before_the_start_keeps_every_request_home()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var rig = SenderTraffic.Against(tenant, keys.Old);
        var traffic = rig.Runner;

        Assert.Equal(0, await traffic.PauseAsync());
        traffic.Start(new TrafficPlan { Rate = 50, Concurrency = 2 });
        await Task.Delay(500);
        Assert.Equal(0, tenant.Requests);

        traffic.Resume();
        await Eventually.TrueAsync(() => tenant.Requests >= 5, "traffic flows after resume");
    }

    [Fact]
    public async Task A_count_plan_sends_exactly_that_many_and_completes()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var rig = SenderTraffic.Against(tenant, keys.Old);
        var (statistics, traffic) = (rig.Statistics, rig.Runner);

        traffic.Start(new TrafficPlan { Rate = 200, Concurrency = 4, Count = 25 });
        await traffic.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(25, tenant.Requests);
        Assert.Equal(25, statistics.Snapshot().Totals.Verified);
        Assert.Equal(TrafficState.Idle, traffic.Status().State);
    }

    [Fact]
    public async Task A_duration_plan_ends_by_itself_at_about_the_rate()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var rig = SenderTraffic.Against(tenant, keys.Old);
        var (statistics, traffic) = (rig.Statistics, rig.Runner);

        traffic.Start(new TrafficPlan { Rate = 20, Concurrency = 8, Duration = TimeSpan.FromSeconds(1.5) });
        await traffic.Completion.WaitAsync(TimeSpan.FromSeconds(15));
        var sent = tenant.Requests;
        await Task.Delay(300);

        // Never above the rate (20/s for 1.5 s, plus the one sent at t=0); a cold, shared machine may send fewer.
        Assert.InRange(sent, 5, 31);
        Assert.Equal(sent, tenant.Requests);
        Assert.Equal(TrafficState.Idle, traffic.Status().State);
        Assert.Equal(tenant.Requests, statistics.Snapshot().Totals.Verified);
    }

    [Fact]
    public async Task Exchange_in_single_mode_is_atomic_under_concurrent_traffic()
    {
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        // The tenant alternates keys, so at every moment half the responses match the trusted certificate.
        tenant.KeyPerRequest = n => n % 2 == 0 ? keys.Old : keys.New;
        var outcomes = new ConcurrentBag<RequestOutcome>();
        var exchanges = new ConcurrentQueue<(DateTimeOffset Began, DateTimeOffset Done, string Trusted)>();
        await using var rig = SenderTraffic.Against(tenant, keys.Old, outcomes.Add);
        var (trust, statistics, traffic) = (rig.Trust, rig.Statistics, rig.Runner);

        traffic.Start(new TrafficPlan { Rate = 400, Concurrency = 8 });
        // A reader spinning on the store must never see a state in between (none trusted, or both).
        using var stopWatching = new CancellationTokenSource();
        var torn = 0;
        var watcher = Task.Run(() =>
        {
            while (!stopWatching.IsCancellationRequested)
            {
                var snapshot = trust.Current;
                if (snapshot.Entries.Length != 1 || snapshot.Set.Certificates.Length != 1) Interlocked.Increment(ref torn);
            }
        });
        var trusted = keys.Old;
        for (var i = 0; i < 16; i++)
        {
            await Task.Delay(60);
            var next = trusted == keys.Old ? keys.New : keys.Old;
            var began = DateTimeOffset.UtcNow;
            var change = await trust.ExchangeAsync(ChangeContext.System, TestKeys.Public(next));
            exchanges.Enqueue((began, DateTimeOffset.UtcNow, next.Fingerprint));
            Assert.True(change.Succeeded);
            Assert.Single(trust.Current.Entries);
            trusted = next;
        }
        await traffic.StopAsync();
        await stopWatching.CancelAsync();
        await watcher;

        Assert.Equal(0, torn);
        var all = outcomes.ToList();
        Assert.True(all.Count > 40, $"only {all.Count} requests");
        // Never a torn state: each response verified against a whole set, or was rejected as untrusted.
        Assert.All(all, o => Assert.True(
            o.Kind == OutcomeKind.Verified || (o.Kind == OutcomeKind.Rejected && o.Reason == RejectReason.CertificateUntrusted),
            $"{o.Kind} {o.Reason} {o.Message}"));
        Assert.Contains(all, o => o.Fingerprint == keys.Old.Fingerprint);
        Assert.Contains(all, o => o.Fingerprint == keys.New.Fingerprint);
        // A request that started after an exchange returned cannot be verified by the certificate it replaced,
        // unless a later exchange already brought that certificate back.
        var log = exchanges.ToList();
        foreach (var o in all.Where(o => o.Kind == OutcomeKind.Verified))
        {
            var lastDone = log.LastOrDefault(e => e.Done <= o.StartedAt);
            if (lastDone == default) continue;
            var laterBegan = log.Any(e => e.Began > lastDone.Done && e.Began < o.CompletedAt);
            if (!laterBegan) Assert.Equal(lastDone.Trusted, o.Fingerprint);
        }
    }
}
