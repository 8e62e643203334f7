using Rotation.Tenant.Persistence.Postgres;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Persistence.Shared;

/// <summary>
/// Deploys on this node what another in-process node commits to the <see cref="SharedTenantStateStore"/>
/// (docs/DESIGN.md §8), as <c>StoreChangeListener</c> does on PostgreSQL: on every commit, and every poll interval
/// without one, publish the newer stored state and report the generation deployed here with a heartbeat. A node with
/// a propagation delay waits that long after learning of a change before it deploys it: a slow worker node, on purpose.
/// </summary>
internal sealed class SharedStoreListener(SharedTenantStateStore store, LiveTenantState state, string node, TimeSpan poll, TimeSpan propagationDelay,
    TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        (long Generation, DateTimeOffset At) deployedSince = (-1, time.GetUtcNow());
        try
        {
            while (true)
            {
                var next = store.NextCommit;
                if (store.StoredGeneration > state.Current.Generation && propagationDelay > TimeSpan.Zero)
                    await Task.Delay(propagationDelay, time, stopping);
                var deployed = await state.RefreshAsync(stopping);
                var now = time.GetUtcNow();
                if (deployed != deployedSince.Generation) deployedSince = (deployed, now);
                await store.ReportDeployedAsync(new NodeDeployment(node, deployed, deployedSince.At, propagationDelay), now, stopping);
                try { await next.WaitAsync(poll, time, stopping); }
                catch (TimeoutException) { /* the poll: report a heartbeat even when nothing changed */ }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
