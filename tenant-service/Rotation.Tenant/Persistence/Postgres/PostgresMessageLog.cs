using Npgsql;
using NpgsqlTypes;
using Rotation.Tenant.Messages;

namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>
/// The message log of every node on the shared store, in table <c>message_log</c> (docs/DESIGN.md §8): each node's
/// writer inserts its batches with one multi-row statement (idempotent, so a batch retried after a lost connection is
/// not stored twice); a query reads every node's rows.
/// </summary>
internal sealed class PostgresMessageLog(NpgsqlDataSource dataSource, string node, TimeSpan retention, TimeProvider time, ILogger<MessageLog> logger, int capacity = MessageLog.DefaultCapacity)
    : MessageLog(capacity, retention, time, logger)
{
    private const string Columns = "id, received_ticks, answered_ticks, status, alias, fingerprint, duration_ms, http_status, soap_version, verified_alias, verified_fingerprint, reject_reason, node";

    protected override async Task WriteAsync(IReadOnlyList<MessageRecord> batch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO message_log ({Columns})
            SELECT *, @node FROM unnest(@ids, @received, @answered, @statuses, @aliases, @fingerprints, @durations, @http, @soap, @verifiedAliases, @verified, @rejects)
            ON CONFLICT (id) DO NOTHING
            """);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("ids", batch.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue("received", batch.Select(r => r.ReceivedAt.UtcTicks).ToArray());
        command.Parameters.AddWithValue("answered", batch.Select(r => r.AnsweredAt.UtcTicks).ToArray());
        command.Parameters.AddWithValue("statuses", batch.Select(r => r.Status.ToString()).ToArray());
        command.Parameters.AddWithValue("aliases", batch.Select(r => r.Alias).ToArray());
        command.Parameters.AddWithValue("fingerprints", NpgsqlDbType.Array | NpgsqlDbType.Text, batch.Select(r => r.Fingerprint).ToArray());
        command.Parameters.AddWithValue("durations", batch.Select(r => r.DurationMs).ToArray());
        command.Parameters.AddWithValue("http", batch.Select(r => r.HttpStatus).ToArray());
        command.Parameters.AddWithValue("soap", NpgsqlDbType.Array | NpgsqlDbType.Text, batch.Select(r => r.SoapVersion).ToArray());
        command.Parameters.AddWithValue("verifiedAliases", NpgsqlDbType.Array | NpgsqlDbType.Text, batch.Select(r => r.VerifiedAlias).ToArray());
        command.Parameters.AddWithValue("verified", NpgsqlDbType.Array | NpgsqlDbType.Text, batch.Select(r => r.VerifiedFingerprint).ToArray());
        command.Parameters.AddWithValue("rejects", NpgsqlDbType.Array | NpgsqlDbType.Text, batch.Select(r => r.RejectReason).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task<IReadOnlyList<MessageRecord>> ReadAsync(MessageQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM message_log{Where(command, query)} ORDER BY received_ticks DESC, id DESC LIMIT @limit";
        command.Parameters.AddWithValue("limit", query.Limit);
        var list = new List<MessageRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new MessageRecord(
                reader.GetString(0),
                Utc(reader.GetInt64(1)),
                Utc(reader.GetInt64(2)),
                Enum.Parse<MessageStatus>(reader.GetString(3)),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetDouble(6),
                reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)) { Node = reader.GetString(12) });
        }
        return list;
    }

    protected override async Task<IReadOnlyList<MessageCount>> ReadCountsAsync(MessageQuery query, CountedBy by, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var fingerprint = by == CountedBy.Verifying ? "verified_fingerprint" : "fingerprint";
        command.CommandText = $"""
            SELECT {fingerprint}, status, count(*), min(answered_ticks), max(answered_ticks) FROM message_log{Where(command, query)}
            GROUP BY {fingerprint}, status ORDER BY min(answered_ticks)
            """;
        var list = new List<MessageCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new MessageCount(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                Enum.Parse<MessageStatus>(reader.GetString(1)),
                reader.GetInt64(2),
                Utc(reader.GetInt64(3)),
                Utc(reader.GetInt64(4))));
        }
        return list;
    }

    protected override async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM message_log WHERE received_ticks < @cutoff");
        command.Parameters.AddWithValue("cutoff", cutoff.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override bool IsTemporary(Exception exception) => StoreFailure.IsUnavailable(exception);

    private static string Where(NpgsqlCommand command, MessageQuery query)
    {
        var clauses = new List<string>();
        void Add(string clause, string name, object value)
        {
            clauses.Add(clause);
            command.Parameters.AddWithValue(name, value);
        }
        if (query.Status is { } status) Add("status = @status", "status", status.ToString());
        if (query.Alias is { } alias) Add("lower(alias) = lower(@alias)", "alias", alias);
        if (query.Fingerprint is { } fingerprint) Add("fingerprint = @fingerprint", "fingerprint", fingerprint.ToLowerInvariant());
        if (query.VerifiedAlias is { } verifiedAlias) Add("lower(verified_alias) = lower(@verifiedAlias)", "verifiedAlias", verifiedAlias);
        if (query.VerifiedFingerprint is { } verified) Add("verified_fingerprint = @verified", "verified", verified.ToLowerInvariant());
        if (query.From is { } from) Add("received_ticks >= @from", "from", from.UtcTicks);
        if (query.To is { } to) Add("received_ticks < @to", "to", to.UtcTicks);
        return clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses);
    }

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);
}
