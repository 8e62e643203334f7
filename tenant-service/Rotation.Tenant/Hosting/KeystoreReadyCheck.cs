using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Hosting;

/// <summary>Ready when the signer step has a key pair to sign with, i.e. the flow can sign its next response.</summary>
internal sealed class KeystoreReadyCheck(LiveTenantState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = state.Current;
        var step = current.SignerStep;
        return Task.FromResult(current.SigningKey is { } key
            ? HealthCheckResult.Healthy($"signing with '{step.Alias}' ({key.Fingerprint[..16]}…)")
            : HealthCheckResult.Unhealthy($"no key pair for the signer step (alias '{step.Alias}', pinned fingerprint {step.KeyFingerprint ?? "none"})"));
    }
}
