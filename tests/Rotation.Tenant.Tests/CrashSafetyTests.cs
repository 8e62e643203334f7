using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Tenant.Tests.Support;
using Xunit.Abstractions;

namespace Rotation.Tenant.Tests;

/// <summary>
/// The tenant process is killed (SIGKILL) while exchanges are being written. Each restart must load a
/// consistent keystore: every exchange that was acknowledged is in it, nothing is half-written.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper log)
{
    // CI kills 4 times; the long run is `ROTATION_CRASH_KILLS=50 dotnet test tests/Rotation.Tenant.Tests -c Release --filter CrashSafety`
    // (README). ROTATION_CRASH_SEED replays a run: the seed is printed with every run.
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("ROTATION_CRASH_KILLS"), out var kills) && kills > 0 ? kills : 4;

    [Fact]
    public async Task Killing_the_process_during_exchanges_never_loses_an_acknowledged_exchange()
    {
        var dir = TestTenant.NewDataDir();
        var acknowledgedRetired = new List<string>();
        var acknowledgedCurrent = new List<string>();
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ROTATION_CRASH_SEED"), out var given) ? given : Random.Shared.Next();
        log.WriteLine($"crash harness: {Rounds} kills, seed {seed} (ROTATION_CRASH_SEED={seed} replays the kill timings)");
        var random = new Random(seed);
        var exchangesKilledInto = 0;

        async Task ExchangeAsync(ChildTenant tenant, string alias, CancellationToken cancellationToken)
        {
            await tenant.PostAsync(TenantRoutes.KeyPairs, new { alias, keyAlgorithm = "EC", keySize = 256 }, cancellationToken);
            var exchanged = await tenant.PostAsync(TenantRoutes.Exchange("tenant-signing"), new { fromAlias = alias }, cancellationToken);
            acknowledgedRetired.Add(exchanged.GetProperty("retired").GetProperty("fingerprint").GetString()!);
            acknowledgedCurrent.Add(exchanged.GetProperty("entry").GetProperty("fingerprint").GetString()!);
        }

        try
        {
            for (var round = 0; round <= Rounds; round++)
            {
                await using var tenant = await ChildTenant.StartAsync(dir);
                var history = (await tenant.GetAsync(TenantRoutes.History)).EnumerateArray().Select(h => h.GetProperty("fingerprint").GetString()!).ToList();
                var current = (await tenant.GetAsync(TenantRoutes.Entry("tenant-signing"))).GetProperty("fingerprint").GetString()!;

                // Everything acknowledged before the kill survived, in order; an unacknowledged exchange may or may not have.
                Assert.Equal(acknowledgedRetired, history.Take(acknowledgedRetired.Count));
                Assert.True(history.Count - acknowledgedRetired.Count <= 1, $"{history.Count - acknowledgedRetired.Count} unacknowledged exchanges in history");
                if (history.Count == acknowledgedRetired.Count && acknowledgedCurrent.Count > 0) Assert.Equal(acknowledgedCurrent[^1], current);
                acknowledgedRetired.Clear();
                acknowledgedRetired.AddRange(history);
                acknowledgedCurrent.Add(current);
                Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
                Assert.Single(Directory.GetFiles(dir, "keystore.*.p12"));
                Assert.True(await tenant.SignsAsync(), "the reloaded key pair does not sign");
                if (round == Rounds)
                {
                    Assert.True(exchangesKilledInto > Rounds * 2, $"only {exchangesKilledInto} exchanges were attempted");
                    break;
                }

                var i = 0;
                // One exchange before the clock starts, so the kill does not only ever hit a cold process.
                await ExchangeAsync(tenant, $"r{round}-{i++}", CancellationToken.None);
                using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(200, 1200)));
                try
                {
                    while (true) await ExchangeAsync(tenant, $"r{round}-{i++}", stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // The kill comes while a request may still be in flight: that is the point.
                }
                await tenant.KillAsync();
                exchangesKilledInto += i;
                log.WriteLine($"kill {round + 1}/{Rounds}: after {i} exchange attempts");
            }
        }
        finally
        {
            TestTenant.TryDelete(dir);
        }
    }
}
