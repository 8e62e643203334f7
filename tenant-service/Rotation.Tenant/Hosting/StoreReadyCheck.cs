using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Hosting;

/// <summary>
/// Readiness on a shared store (docs/DESIGN.md §8): not ready until the node has caught up with the stored generation;
/// degraded (still ready: it signs from its snapshot) while the store cannot be reached.
/// </summary>
internal sealed class StoreReadyCheck(StoreStatus status, LiveTenantState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var generation = state.Current.Generation;
        return Task.FromResult(
            !status.CaughtUp ? HealthCheckResult.Unhealthy($"catching up with the store (generation {generation} loaded, not yet checked against the store)")
            : status.Lost is { } lost ? HealthCheckResult.Degraded(
                $"the store cannot be reached since {lost.Since:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} ({lost.Reason}): signing continues with generation {generation}; changes are refused (503 StoreUnavailable)")
            : HealthCheckResult.Healthy($"generation {generation} deployed"));
    }
}
