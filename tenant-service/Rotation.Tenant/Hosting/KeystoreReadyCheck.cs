using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Signing;

namespace Rotation.Tenant.Hosting;

/// <summary>Ready when the signer step's alias holds a key pair, i.e. the flow can sign its next response.</summary>
internal sealed class KeystoreReadyCheck(TenantKeystore keystore, SignerStepStore signerStep) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var step = signerStep.Current;
        var alias = step.Alias;
        return Task.FromResult(step.KeyFrom(keystore.Current, alias) is { } key
            ? HealthCheckResult.Healthy($"signing with '{alias}' ({key.Fingerprint[..16]}…)")
            : HealthCheckResult.Unhealthy($"no key pair for the signer step (alias '{alias}', pinned fingerprint {step.KeyFingerprint ?? "none"})"));
    }
}
