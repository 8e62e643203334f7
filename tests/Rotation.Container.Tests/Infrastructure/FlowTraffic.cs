using System.Collections.Concurrent;
using System.Text;
using Rotation.Shared.Verification;

namespace Rotation.Container.Tests.Infrastructure;

/// <summary>
/// Orders sent to a tenant's flow by a few concurrent callers until stopped, as a partner's traffic: every answer is
/// kept (<see cref="FlowOutcome"/>) and every one checked by the shared verifier against the trust given.
/// </summary>
public sealed class FlowTraffic : IAsyncDisposable
{
    private readonly ConcurrentQueue<FlowOutcome> _outcomes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Task _callers;
    private readonly Uri _tenant;
    private readonly SignatureVerifier _verifier;
    private int _sequence;

    private FlowTraffic(Uri tenant, TrustSet trust, int callers)
    {
        _tenant = tenant;
        _verifier = new SignatureVerifier(trust);
        _callers = Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(CallAsync)));
    }

    public static FlowTraffic Start(Uri tenantBaseAddress, TrustSet trust, int callers) => new(tenantBaseAddress, trust, callers);

    public IReadOnlyList<FlowOutcome> Outcomes => [.. _outcomes];

    /// <summary>Waits until the outcomes so far satisfy a condition, or fails saying what was awaited.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<FlowOutcome>, bool> condition, TimeSpan timeout, string what, CancellationToken ct)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (!condition(Outcomes))
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
                throw new TimeoutException($"{what} within {timeout.TotalSeconds} s; {Outcomes.Count} calls, {Outcomes.Count(o => !o.Succeeded)} failed");
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    /// <summary>Stops the callers after their current call and returns every outcome.</summary>
    public async Task<IReadOnlyList<FlowOutcome>> StopAsync()
    {
        await _stop.CancelAsync();
        await _callers;
        return Outcomes;
    }

    private async Task CallAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var sentAt = TimeProvider.System.GetUtcNow();
            using var request = FlowRequest.SubmitOrder(_tenant, $"LB-{Interlocked.Increment(ref _sequence)}");
            try
            {
                // Not cancelled by the stop: a call under way is answered and counted.
                using var response = await _http.SendAsync(request, CancellationToken.None);
                var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                var node = response.Headers.TryGetValues("X-Rotation-Node", out var nodes) ? nodes.FirstOrDefault() : null;
                var verification = response.Content.Headers.ContentType?.MediaType == "text/xml" ? _verifier.Verify(body) : null;
                var error = verification is null ? Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)) : null;
                _outcomes.Enqueue(new FlowOutcome(sentAt, TimeProvider.System.GetUtcNow(), (int)response.StatusCode, node, verification, error));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _outcomes.Enqueue(new FlowOutcome(sentAt, TimeProvider.System.GetUtcNow(), null, null, null, $"{e.GetType().Name}: {e.Message}"));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
        _http.Dispose();
    }
}
