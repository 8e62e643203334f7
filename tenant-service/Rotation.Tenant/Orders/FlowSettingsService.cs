using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Orders;

/// <summary>The flow settings as part of the tenant state: persisted, audited and versioned like every other change.</summary>
public sealed class FlowSettingsService(LiveTenantState state)
{
    public FlowSettings Current => state.Current.Flow;

    public Task<KeystoreResult<Committed<FlowSettings>>> ChangeAsync(ChangeContext context, FlowSettings settings, CancellationToken cancellationToken = default) =>
        state.ChangeAsync<FlowSettings>(context, current => settings.Problem() is { } problem
            ? new KeystoreError(KeystoreErrorCode.InvalidRequest, problem)
            : (current with { Flow = settings }, settings), cancellationToken);
}
