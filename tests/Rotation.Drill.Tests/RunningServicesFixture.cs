using Rotation.Drill.Admin;
using Rotation.Drill.Services;

namespace Rotation.Drill.Tests;

/// <summary>A tenant-service and a sender-client as two processes of their own, as an administrator runs them, shared by a test class.</summary>
public sealed class RunningServicesFixture : IAsyncLifetime
{
    private ProcessServices? _processes;

    public DrillServices Services => _processes!.Services;

    /// <summary>The last lines each service wrote to its console.</summary>
    public (string Tenant, string Sender) RecentOutput => (_processes!.Tenant.RecentOutput, _processes.Sender.RecentOutput);

    public TenantAdmin Tenant() => new(Services.TenantAdmin, Services.TenantToken);

    public SenderAdmin Sender() => new(Services.SenderAdmin, Services.SenderToken);

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _processes = await ProcessServices.StartAsync(Rotation.Shared.Certificates.KeyAlgorithm.Rsa2048, 50, 4, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_processes is not null) await _processes.DisposeAsync();
    }

    /// <summary>Everything the drill may touch on both services, in a form two moments can be compared by.</summary>
    public async Task<string> StateAsync()
    {
        using var tenant = Tenant();
        using var sender = Sender();
        var signer = await tenant.SignerStepAsync(CancellationToken.None);
        var entries = await tenant.EntriesAsync(CancellationToken.None);
        var trust = await sender.TrustAsync(CancellationToken.None);
        var traffic = await sender.TrafficAsync(CancellationToken.None);
        return $"signer {signer.Alias} {signer.Fingerprint} header '{signer.AliasHeader}'; " +
            $"entries {string.Join(",", entries.Select(e => $"{e.Alias}={e.Fingerprint[..8]}").Order())}; " +
            $"trust {trust.Mode} {string.Join(",", trust.Certificates.Select(c => c.Fingerprint[..8]).Order())}; " +
            $"traffic {traffic.State} paused={traffic.Paused} rate={traffic.Rate} concurrency={traffic.Concurrency}";
    }
}
