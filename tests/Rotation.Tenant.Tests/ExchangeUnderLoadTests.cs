using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>The administrator exchanges the alias's key pair again and again while senders keep calling: nothing may fail.</summary>
public sealed class ExchangeUnderLoadTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int Exchanges = 24;

    [Fact]
    public async Task Repeated_exchanges_under_load_fail_no_request_and_clients_see_keys_in_exchange_order()
    {
        await using var tenant = await TestTenant.StartAsync(o => o with { InitialKeyAlgorithm = KeyAlgorithm.EcP256 });
        var held = new List<X509Certificate2> { await tenant.CertificateAsync("tenant-signing") };
        var failures = new ConcurrentQueue<string>();
        var seen = new List<int>[Clients];
        var newestSeen = -1;
        using var stop = new CancellationTokenSource();

        async Task WaitUntilSeen(int index)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (Volatile.Read(ref newestSeen) < index && failures.IsEmpty)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"no client saw key {index} within 20 s");
                await Task.Delay(5);
            }
        }

        // Clients learn certificates only through the published list, and only verify against all of them.
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            seen[c] = [];
            using var http = new HttpClient { BaseAddress = tenant.Host.BaseAddress };
            var version = c % 2 == 0 ? SoapVersion.Soap11 : SoapVersion.Soap12;
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var (status, body, response) = await Soap.SendAsync(http, tenant.Endpoint, version, Soap.Envelope(version, $"c{c}-{n++}"));
                response.Dispose();
                if (status != 200) { failures.Enqueue($"client {c}: HTTP {status}"); continue; }
                X509Certificate2[] candidates;
                lock (held) candidates = [.. held];
                var result = Soap.Verify(body, candidates);
                if (!result.IsValid) { failures.Enqueue($"client {c}: {result}"); continue; }
                var matches = candidates.Select((cert, i) => (cert, i)).Where(x => CertificateInfo.Fingerprint(x.cert) == result.Fingerprint).ToList();
                if (matches.Count != 1) { failures.Enqueue($"client {c}: {matches.Count} certificates match"); continue; }
                seen[c].Add(matches[0].i);
                InterlockedMax(ref newestSeen, matches[0].i);
            }
        })).ToArray();

        // Every key must sign some responses before the next exchange, so that ordering is checked across all of them.
        await WaitUntilSeen(0);
        for (var i = 0; i < Exchanges; i++)
        {
            await Task.Delay(30);
            var next = $"next-{i}";
            await tenant.CreateKeyPairAsync(next, "EC", 256);
            var certificate = await tenant.CertificateAsync(next);
            // The sender trusts the new certificate before the exchange, as the procedure says.
            lock (held) held.Add(certificate);
            var exchanged = await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Exchange("tenant-signing"), new { fromAlias = next });
            Assert.Equal(CertificateInfo.Fingerprint(certificate), exchanged.GetProperty("entry").GetProperty("fingerprint").GetString());
            Assert.Equal(CertificateInfo.Fingerprint(held[i]), exchanged.GetProperty("retired").GetProperty("fingerprint").GetString());
            await WaitUntilSeen(i + 1);
        }
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        var total = seen.Sum(s => s.Count);
        output.WriteLine($"{total} responses from {Clients} clients across {Exchanges} exchanges; keys seen: {seen.SelectMany(s => s).Distinct().Count()}");
        Assert.True(total > Exchanges * 2, $"only {total} responses");
        foreach (var sequence in seen)
        {
            // Each client's responses are signed by the keys in the order the alias held them.
            for (var i = 1; i < sequence.Count; i++) Assert.True(sequence[i] >= sequence[i - 1], $"key {sequence[i]} after key {sequence[i - 1]}");
            Assert.Equal(Exchanges, sequence[^1]);
        }
        Assert.Equal(Exchanges + 1, seen.SelectMany(s => s).Distinct().Count());

        // The history holds every retired key pair, in exchange order, and none is in flight any more.
        var history = await tenant.GetJsonAsync(TenantRoutes.History);
        Assert.Equal(held.Take(Exchanges).Select(CertificateInfo.Fingerprint), history.EnumerateArray().Select(h => h.GetProperty("fingerprint").GetString()));
        var drain = await tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.WaitUntilDrained(CertificateInfo.Fingerprint(held[0]), TimeSpan.FromSeconds(1)), new { });
        Assert.True(drain.GetProperty("drained").GetBoolean());

        // The message log saw every response, attributed to the key that signed it.
        var counts = await tenant.GetJsonAsync(TenantRoutes.MessageCounts);
        Assert.Equal(total, counts.EnumerateArray().Where(c => c.GetProperty("status").Deserialize<MessageStatus>(TestTenant.Json) == MessageStatus.Completed).Sum(c => c.GetProperty("count").GetInt64()));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var previous = Interlocked.CompareExchange(ref target, value, current);
            if (previous == current) return;
            current = previous;
        }
    }
}
