using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Rotation.Tenant.Messages;

/// <summary>The message log of a tenant on its data directory: SQLite (WAL) in <c>messages.db</c>, the embedded default.</summary>
public sealed class SqliteMessageLog : MessageLog
{
    private readonly string _connectionString;

    public SqliteMessageLog(string databasePath, TimeSpan retention, TimeProvider time, ILogger<MessageLog> logger, int capacity = DefaultCapacity)
        : base(capacity, retention, time, logger)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS messages (
              id TEXT PRIMARY KEY,
              received_us INTEGER NOT NULL,
              answered_us INTEGER NOT NULL,
              status TEXT NOT NULL,
              alias TEXT NOT NULL,
              fingerprint TEXT,
              duration_ms REAL NOT NULL,
              http_status INTEGER NOT NULL,
              soap_version TEXT);
            CREATE INDEX IF NOT EXISTS messages_received ON messages(received_us);
            CREATE INDEX IF NOT EXISTS messages_fingerprint ON messages(fingerprint, received_us);
            """;
        command.ExecuteNonQuery();
        AddInboundColumns(connection);
    }

    /// <summary>The columns of inbound verification (docs/DESIGN.md §10), added to a log written before they existed.</summary>
    private static void AddInboundColumns(SqliteConnection connection)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM pragma_table_info('messages')";
            using var reader = command.ExecuteReader();
            while (reader.Read()) columns.Add(reader.GetString(0));
        }
        foreach (var column in new[] { "verified_alias", "verified_fingerprint", "reject_reason" })
            if (!columns.Contains(column)) Execute(connection, $"ALTER TABLE messages ADD COLUMN {column} TEXT");
        Execute(connection, "CREATE INDEX IF NOT EXISTS messages_verified_fingerprint ON messages(verified_fingerprint, received_us)");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    protected override MessageTable Table { get; } = new("messages", "received_us", "answered_us", "NULL", "alias = ? COLLATE NOCASE", '$',
        at => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10, micros => DateTimeOffset.UnixEpoch.AddTicks(micros * 10));

    protected override ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<DbConnection>(Open());

    protected override async Task WriteAsync(IReadOnlyList<MessageRecord> batch, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO messages (id, received_us, answered_us, status, alias, fingerprint, duration_ms, http_status, soap_version, verified_alias, verified_fingerprint, reject_reason)
            VALUES ($id, $received, $answered, $status, $alias, $fingerprint, $duration, $http, $soap, $verifiedAlias, $verified, $reject)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var received = command.Parameters.Add("$received", SqliteType.Integer);
        var answered = command.Parameters.Add("$answered", SqliteType.Integer);
        var status = command.Parameters.Add("$status", SqliteType.Text);
        var alias = command.Parameters.Add("$alias", SqliteType.Text);
        var fingerprint = command.Parameters.Add("$fingerprint", SqliteType.Text);
        var duration = command.Parameters.Add("$duration", SqliteType.Real);
        var http = command.Parameters.Add("$http", SqliteType.Integer);
        var soap = command.Parameters.Add("$soap", SqliteType.Text);
        var verifiedAlias = command.Parameters.Add("$verifiedAlias", SqliteType.Text);
        var verified = command.Parameters.Add("$verified", SqliteType.Text);
        var reject = command.Parameters.Add("$reject", SqliteType.Text);
        foreach (var r in batch)
        {
            id.Value = r.Id;
            received.Value = Table.ToColumn(r.ReceivedAt);
            answered.Value = Table.ToColumn(r.AnsweredAt);
            status.Value = r.Status.ToString();
            alias.Value = r.Alias;
            fingerprint.Value = (object?)r.Fingerprint ?? DBNull.Value;
            duration.Value = r.DurationMs;
            http.Value = r.HttpStatus;
            soap.Value = (object?)r.SoapVersion ?? DBNull.Value;
            verifiedAlias.Value = (object?)r.VerifiedAlias ?? DBNull.Value;
            verified.Value = (object?)r.VerifiedFingerprint ?? DBNull.Value;
            reject.Value = (object?)r.RejectReason ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>SQLite beside the tenant: a failure here does not go away by waiting.</summary>
    protected override bool IsTemporary(Exception exception) => false;

    protected override ValueTask DisposeStorageAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
