using Npgsql;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>
/// Deploys on this node what any node commits to the shared store (docs/DESIGN.md §8): LISTEN on
/// <see cref="PostgresTenantStateStore.ChangeChannel"/>, and on every notification, every poll interval without one
/// (the safety net for a notification missed while the connection was down) and every reconnect, load the stored
/// state when it is newer and publish it; then report the generation deployed here with a heartbeat.
/// </summary>
internal sealed class StoreChangeListener(PostgresTenantStateStore store, LiveTenantState state, string node, TimeSpan poll, TimeProvider time, ILogger<StoreChangeListener> log)
    : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = store.CreateListenConnection();
                await connection.OpenAsync(stopping);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresTenantStateStore.ChangeChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stopping);
                while (true)
                {
                    // First what was committed while this node was not listening, then after each wake-up.
                    await DeployAsync(stopping);
                    await connection.WaitAsync(poll, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "node {Node}: lost the store's change notifications; reconnecting in {Delay}", node, Reconnect);
                try { await Task.Delay(Reconnect, time, stopping); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task DeployAsync(CancellationToken cancellationToken)
    {
        var deployed = await state.RefreshAsync(cancellationToken);
        await store.ReportDeployedAsync(node, deployed, time.GetUtcNow(), cancellationToken);
    }
}
