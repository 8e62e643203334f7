using Npgsql;
using Rotation.Tenant.Messages;

namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>
/// Writes this node's messages in flight by fingerprint to its <see cref="InFlightTable"/> (docs/DESIGN.md §8), off the
/// request path: every <see cref="Every"/> when they changed, and every <see cref="KeepAlive"/> while there are any, so
/// a reader can tell a stopped node's rows (not rewritten for <see cref="ClusterInFlightView.StaleAfter"/>) from a live
/// one's. While the store cannot be reached the report waits; the node's own view stays live.
/// </summary>
internal sealed class InFlightReporter(NpgsqlDataSource dataSource, InFlightTracker inFlight, InFlightTable table, string node, TimeProvider time, ILogger<InFlightReporter> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        (long Version, DateTimeOffset At, bool Any) reported = (-1, DateTimeOffset.MinValue, false);
        while (!stopping.IsCancellationRequested)
        {
            var version = inFlight.Version;
            var now = time.GetUtcNow();
            if (version != reported.Version || (reported.Any && now - reported.At >= KeepAlive))
            {
                var groups = inFlight.Groups();
                try
                {
                    await WriteAsync(groups, now, stopping);
                    reported = (version, now, groups.Count > 0);
                }
                catch (Exception e) when (StoreFailure.IsUnavailable(e) && !stopping.IsCancellationRequested)
                {
                    // The listener reports the store as unreachable; this report is written again once it is back.
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    log.LogError(e, "node {Node}: could not report its {View}", node, table.Description);
                }
            }
            try { await Task.Delay(Every, time, stopping); } catch (OperationCanceledException) { break; }
        }
        // A node that stops has nothing in flight any more.
        try { await WriteAsync([], time.GetUtcNow(), CancellationToken.None); }
        catch (Exception e) when (StoreFailure.IsUnavailable(e)) { /* its rows go stale and are ignored */ }
    }

    private async Task WriteAsync(IReadOnlyList<InFlightGroup> groups, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            DELETE FROM {table.Name} WHERE node = @node;
            INSERT INTO {table.Name} (node, fingerprint, count, aliases, oldest_received_ticks, reported_ticks)
            SELECT @node, f, c, string_to_array(a, ','), o, @now FROM unnest(@fingerprints, @counts, @aliases, @oldest) AS g(f, c, a, o)
            """);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("now", now.UtcTicks);
        command.Parameters.AddWithValue("fingerprints", groups.Select(g => g.Fingerprint).ToArray());
        command.Parameters.AddWithValue("counts", groups.Select(g => g.Count).ToArray());
        // Aliases never hold a comma (docs/DESIGN.md §4's alias rules): one text per group keeps unnest one-dimensional.
        command.Parameters.AddWithValue("aliases", groups.Select(g => string.Join(',', g.Aliases)).ToArray());
        command.Parameters.AddWithValue("oldest", groups.Select(g => g.OldestReceivedAt.UtcTicks).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
