using Npgsql;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>
/// Deploys on this node what any node commits to the shared store (docs/DESIGN.md §8): LISTEN on
/// <see cref="PostgresTenantStateStore.ChangeChannel"/>, and on every notification, every poll interval without one
/// (the safety net for a notification missed while the connection was down) and every reconnect, load the stored
/// state when it is newer and publish it — after the node's propagation delay, when one is set to simulate a slow
/// worker node; then report the generation deployed here with a heartbeat. While the store cannot be reached the node
/// keeps its snapshot and says so in <see cref="StoreStatus"/>.
/// </summary>
internal sealed class StoreChangeListener(PostgresTenantStateStore store, LiveTenantState state, ClusterNodeOptions node, TimeProvider time, ILogger<StoreChangeListener> log)
    : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);
    private (long Generation, DateTimeOffset At) _deployed = (-1, default);

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
                    await connection.WaitAsync(node.PollInterval, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                state.Status.Unreachable(StoreFailure.Describe(e));
                if (StoreFailure.IsUnavailable(e))
                    log.LogWarning("node {Node}: the store cannot be reached ({Reason}); signing continues with generation {Generation}, changes are refused; retrying every {Delay}",
                        node.Name, StoreFailure.Describe(e), state.Current.Generation, Reconnect);
                else
                    log.LogError(e, "node {Node}: could not deploy from the store; retrying in {Delay}", node.Name, Reconnect);
                try { await Task.Delay(Reconnect, time, stopping); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task DeployAsync(CancellationToken cancellationToken)
    {
        if (node.PropagationDelay > TimeSpan.Zero && await store.ReadStoredGenerationAsync(cancellationToken) > state.Current.Generation)
            await Task.Delay(node.PropagationDelay, time, cancellationToken);
        var deployed = await state.RefreshAsync(cancellationToken);
        if (deployed != _deployed.Generation) _deployed = (deployed, time.GetUtcNow());
        await store.ReportDeployedAsync(new NodeDeployment(node.Name, deployed, _deployed.At, node.PropagationDelay), time.GetUtcNow(), cancellationToken);
        if (state.Status.Lost is { } lost) log.LogWarning("node {Node}: the store is back (unreachable since {Since:O}); generation {Generation} deployed", node.Name, lost.Since, deployed);
        state.Status.Reached();
    }
}

/// <summary>One node's place in the cluster: its name, how often it polls the store, and its simulated propagation delay.</summary>
internal sealed record ClusterNodeOptions(string Name, TimeSpan PollInterval, TimeSpan PropagationDelay);
