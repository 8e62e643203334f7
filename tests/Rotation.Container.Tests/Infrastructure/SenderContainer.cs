using System.Text.Json;
using DotNet.Testcontainers.Containers;
using Rotation.Sender.Contracts;

namespace Rotation.Container.Tests.Infrastructure;

/// <summary>A running sender-client container (serve mode), driven over its admin API.</summary>
public sealed class SenderContainer(IContainer container) : IDisposable
{
    public const string AdminToken = "container-test-sender-token";

    private readonly Lazy<AdminHttp> _admin = new(() => new AdminHttp(new Uri($"http://{container.IpAddress}:8081/"), AdminToken));

    public IContainer Container => container;
    public AdminHttp Admin => _admin.Value;

    public Task TrustAsync(string pem, CancellationToken ct) => Admin.PostJsonAsync(SenderRoutes.TrustCertificates, new CertificateBody(pem), ct);

    public Task StartTrafficAsync(double rate, int concurrency, CancellationToken ct) =>
        Admin.PostJsonAsync(SenderRoutes.TrafficStart, new StartBody(rate, concurrency, null, null), ct);

    public Task StopTrafficAsync(CancellationToken ct) => Admin.PostJsonAsync(SenderRoutes.TrafficStop, null, ct);

    /// <summary>The traffic totals: requests, verified, rejected, soapFaults, transportErrors, rejectedByReason.</summary>
    public async Task<JsonElement> TotalsAsync(CancellationToken ct) =>
        (await Admin.GetJsonAsync(SenderRoutes.StatisticsOf(3600), ct)).GetProperty("traffic").GetProperty("totals");

    /// <summary>Waits until the totals satisfy a condition (traffic is asynchronous), or fails with the last totals.</summary>
    public async Task<JsonElement> WaitForTotalsAsync(Func<JsonElement, bool> condition, TimeSpan timeout, string what, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var totals = await TotalsAsync(ct);
            if (condition(totals)) return totals;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"{what} within {timeout.TotalSeconds} s; sender totals: {totals}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }
}
