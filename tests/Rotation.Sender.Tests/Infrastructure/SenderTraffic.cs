using Rotation.Shared.WsSecurity;
using Rotation.Sender.Contracts;
using Rotation.Sender.Traffic;
using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;

namespace Rotation.Sender.Tests.Infrastructure;

/// <summary>
/// The sender's traffic against a tenant as <c>serve</c> wires it (trust store, WCF client, order sender, statistics,
/// runner), on the system clock, trusting one certificate in single mode; disposed runner first, then the client.
/// </summary>
public sealed class SenderTraffic : IAsyncDisposable
{
    private readonly OrderClient _client;

    private SenderTraffic(SigningTenant tenant, SigningKey trusted, Action<RequestOutcome>? observe)
    {
        Trust = TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(trusted)]);
        _client = new OrderClient(new OrderClientOptions { Endpoint = tenant.Endpoint }, Trust, TimeProvider.System);
        var sender = new OrderSender(_client, TimeProvider.System);
        Runner = new TrafficRunner(async (n, ct) =>
        {
            var outcome = await sender.SendAsync(n, ct);
            observe?.Invoke(outcome);
            return outcome;
        }, Statistics, TimeProvider.System);
    }

    public TrustStore Trust { get; }

    public TrafficStatistics Statistics { get; } = new(TimeProvider.System);

    public TrafficRunner Runner { get; }

    /// <param name="observe">Sees every outcome as it completes, before the statistics count it.</param>
    public static SenderTraffic Against(SigningTenant tenant, SigningKey trusted, Action<RequestOutcome>? observe = null) => new(tenant, trusted, observe);

    public async ValueTask DisposeAsync()
    {
        await Runner.DisposeAsync();
        await _client.DisposeAsync();
    }
}
