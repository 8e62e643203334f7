using System.Data.Common;
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

    protected override MessageTable Table { get; } = new("message_log", "received_ticks", "answered_ticks", "node", "lower(alias) = lower(?)", '@',
        at => at.UtcTicks, ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) => await dataSource.OpenConnectionAsync(cancellationToken);

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

    protected override bool IsTemporary(Exception exception) => StoreFailure.IsUnavailable(exception);
}
