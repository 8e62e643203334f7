using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Orders;

/// <summary>The flow settings as part of the tenant state: persisted, audited and versioned like every other change.</summary>
public sealed class FlowSettingsService(LiveTenantState state)
{
    public FlowSettings Current => state.Current.Flow;

    /// <summary>
    /// Changes the flow settings as <paramref name="change"/> makes them from the committed ones, under the writer lock:
    /// a change of the rehearsal knobs keeps the inbound verification as committed, and the other way round.
    /// </summary>
    public Task<KeystoreResult<Committed<FlowSettings>>> ChangeAsync(ChangeContext context, Func<FlowSettings, FlowSettings> change, CancellationToken cancellationToken = default) =>
        state.ChangeAsync<FlowSettings>(context, current =>
        {
            var settings = change(current.Flow);
            if (settings.Problem() is { } problem) return new KeystoreError(KeystoreErrorCode.InvalidRequest, problem);
            return (current with { Flow = settings }, settings);
        }, cancellationToken);
}
