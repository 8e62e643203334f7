using Npgsql;
using Rotation.Tenant.Messages;

namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>
/// The in-flight view of the whole cluster (docs/DESIGN.md §8): this node's messages live from its tracker, every other
/// node's from its latest report in its <see cref="InFlightTable"/> (see <see cref="InFlightReporter"/>); reports not rewritten for
/// <see cref="StaleAfter"/> belong to a stopped node and are ignored. Waiting for a key to drain polls that view.
/// </summary>
internal sealed class ClusterInFlightView(NpgsqlDataSource dataSource, InFlightTracker local, InFlightTable table, string node, TimeProvider time) : IInFlightView
{
    public static readonly TimeSpan StaleAfter = 3 * InFlightReporter.KeepAlive;
    private static readonly TimeSpan WaitPoll = TimeSpan.FromMilliseconds(50);

    public async Task<IReadOnlyList<InFlightGroup>> GroupsAsync(CancellationToken cancellationToken)
    {
        var mine = local.Groups().Select(g => (Node: node, Group: g));
        var all = mine.Concat(await OthersAsync(null, cancellationToken));
        return all.GroupBy(g => g.Group.Fingerprint, StringComparer.Ordinal)
            .Select(g => new InFlightGroup(g.Key, g.Sum(x => x.Group.Count), g.SelectMany(x => x.Group.Aliases).Distinct().Order(StringComparer.Ordinal).ToArray(),
                g.Min(x => x.Group.OldestReceivedAt)) { Nodes = g.Select(x => x.Node).Distinct().Order(StringComparer.Ordinal).ToArray() })
            .OrderByDescending(g => g.Count)
            .ToList();
    }

    public async Task<int> CountAsync(string fingerprint, CancellationToken cancellationToken) =>
        local.Count(fingerprint) + (await OthersAsync(fingerprint, cancellationToken)).Sum(g => g.Group.Count);

    public async Task<bool> WaitUntilDrainedAsync(string fingerprint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (await CountAsync(fingerprint, cancellationToken) > 0)
        {
            var left = timeout - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) return false;
            await Task.Delay(left < WaitPoll ? left : WaitPoll, time, cancellationToken);
        }
        return true;
    }

    private async Task<List<(string Node, InFlightGroup Group)>> OthersAsync(string? fingerprint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT node, fingerprint, count, aliases, oldest_received_ticks FROM {table.Name}
            WHERE node <> @node AND reported_ticks >= @fresh AND (@fingerprint::text IS NULL OR fingerprint = @fingerprint)
            """);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("fresh", (time.GetUtcNow() - StaleAfter).UtcTicks);
        command.Parameters.AddWithValue("fingerprint", (object?)fingerprint ?? DBNull.Value);
        var rows = new List<(string, InFlightGroup)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add((reader.GetString(0), new InFlightGroup(reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<string[]>(3), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero))));
        return rows;
    }
}
