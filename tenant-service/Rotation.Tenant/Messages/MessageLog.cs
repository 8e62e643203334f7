using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Rotation.Tenant.Messages;

/// <summary>
/// The message log (docs/DESIGN.md §4a, §8). The request path only offers a record to a bounded queue and never waits:
/// one background writer stores them in batches. When the queue is full the record that does not fit is dropped,
/// counted (<see cref="Dropped"/>, a metric) and reported in a warning at most every ten seconds: the log is evidence,
/// the flow must not slow down for it. A write the storage cannot take now (a database away) is retried until it
/// succeeds or the host stops; stopping writes everything queued first. Queries first wait for what was queued before
/// them, so a client that has its response finds it in the log.
/// </summary>
public abstract class MessageLog : IHostedService, IAsyncDisposable
{
    public const int DefaultCapacity = 100_000;
    private const int BatchSize = 512;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DropWarningEvery = TimeSpan.FromSeconds(10);
    /// <summary>A query waits at most this long for the writer (which may be waiting for its storage) before it reads.</summary>
    private static readonly TimeSpan QueryFlushLimit = TimeSpan.FromSeconds(2);

    private readonly Channel<object> _queue;
    private readonly CancellationTokenSource _abandon = new();
    private readonly ILogger _logger;
    private readonly TimeSpan _retention;
    private readonly Lock _dropGate = new();
    private long _dropped;
    private long _droppedSinceWarning;
    private DateTimeOffset _lastDropWarning = DateTimeOffset.MinValue;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;
    private Task? _writer;

    /// <param name="capacity">Records (and flush requests) the queue holds at most.</param>
    /// <param name="retention">Rows older than this are pruned (hourly, by the writer), so a long-running tenant does not fill its storage.</param>
    protected MessageLog(int capacity, TimeSpan retention, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _retention = retention;
        Time = time;
        _logger = logger;
    }

    protected TimeProvider Time { get; }

    /// <summary>Offers a record to the writer; never waits. A record that does not fit is dropped and counted.</summary>
    public void Record(MessageRecord record)
    {
        if (_queue.Writer.TryWrite(record)) return;
        Interlocked.Increment(ref _dropped);
        WarnAboutDrops();
    }

    /// <summary>Records (and flush markers) not yet taken by the writer.</summary>
    public int Backlog => _queue.Reader.Count;

    /// <summary>Records dropped because the queue was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Writes everything queued; when <paramref name="cancellationToken"/> fires first (the host's shutdown timeout) the writer gives up and says how much it lost.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_writer is null) return;
        await using var abandon = cancellationToken.Register(() => _abandon.Cancel());
        await _writer;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null) await _writer;
        _abandon.Dispose();
        await DisposeStorageAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Completes when every record enqueued before the call is stored.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(flushed, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return;
        }
        await flushed.Task.WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<MessageRecord>> QueryAsync(MessageQuery query, CancellationToken cancellationToken = default)
    {
        await FlushBeforeQueryAsync(cancellationToken);
        return await ReadAsync(query with { Limit = Math.Clamp(query.Limit, 1, 10_000) }, cancellationToken);
    }

    public async Task<IReadOnlyList<MessageCount>> CountAsync(MessageQuery query, CountedBy by = CountedBy.Signing, CancellationToken cancellationToken = default)
    {
        await FlushBeforeQueryAsync(cancellationToken);
        return await ReadCountsAsync(query, by, cancellationToken);
    }

    /// <summary>How the storage names the log's table and columns and writes an instant.</summary>
    protected abstract MessageTable Table { get; }

    /// <summary>An open connection to the storage.</summary>
    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Stores a batch in one go; a record stored before (a retried batch) is not stored twice.</summary>
    protected abstract Task WriteAsync(IReadOnlyList<MessageRecord> batch, CancellationToken cancellationToken);

    /// <summary>Newest first, at most <see cref="MessageQuery.Limit"/>.</summary>
    private async Task<IReadOnlyList<MessageRecord>> ReadAsync(MessageQuery query, CancellationToken cancellationToken)
    {
        var t = Table;
        return await ReadRowsAsync(query, $"""
            SELECT id, {t.Received}, {t.Answered}, status, alias, fingerprint, duration_ms, http_status, soap_version, verified_alias, verified_fingerprint, reject_reason, {t.Node} FROM {t.Name}/*where*/
            ORDER BY {t.Received} DESC, id DESC LIMIT {t.Marker}limit
            """, [("limit", query.Limit)], r => new MessageRecord(
                r.GetString(0),
                t.FromColumn(r.GetInt64(1)),
                t.FromColumn(r.GetInt64(2)),
                Enum.Parse<MessageStatus>(r.GetString(3)),
                r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5),
                r.GetDouble(6),
                r.GetInt32(7),
                r.IsDBNull(8) ? null : r.GetString(8),
                r.IsDBNull(9) ? null : r.GetString(9),
                r.IsDBNull(10) ? null : r.GetString(10),
                r.IsDBNull(11) ? null : r.GetString(11)) { Node = r.IsDBNull(12) ? null : r.GetString(12) }, cancellationToken);
    }

    /// <summary>Per (fingerprint of the signing key or of the verifying certificate, status), ordered by the first answer.</summary>
    private async Task<IReadOnlyList<MessageCount>> ReadCountsAsync(MessageQuery query, CountedBy by, CancellationToken cancellationToken)
    {
        var t = Table;
        var fingerprint = by == CountedBy.Verifying ? "verified_fingerprint" : "fingerprint";
        return await ReadRowsAsync(query, $"""
            SELECT {fingerprint}, status, count(*), min({t.Answered}), max({t.Answered}) FROM {t.Name}/*where*/
            GROUP BY {fingerprint}, status ORDER BY min({t.Answered})
            """, [], r => new MessageCount(
                r.IsDBNull(0) ? null : r.GetString(0),
                Enum.Parse<MessageStatus>(r.GetString(1)),
                r.GetInt64(2),
                t.FromColumn(r.GetInt64(3)),
                t.FromColumn(r.GetInt64(4))), cancellationToken);
    }

    /// <summary>Deletes the rows received before <paramref name="cutoff"/>; returns how many.</summary>
    private async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM {Table.Name} WHERE {Table.Received} < {Table.Marker}cutoff";
        Bind(command, "cutoff", Table.ToColumn(cutoff));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="sql"/> with <c>/*where*/</c> replaced by the query's filters.</summary>
    private async Task<IReadOnlyList<T>> ReadRowsAsync<T>(MessageQuery query, string sql, (string Name, object Value)[] parameters, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("/*where*/", Where(command, query), StringComparison.Ordinal);
        foreach (var (name, value) in parameters) Bind(command, name, value);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(row(reader));
        return rows;
    }

    private string Where(DbCommand command, MessageQuery query)
    {
        var t = Table;
        var clauses = new List<string>();
        void Add(string clause, string name, object value)
        {
            clauses.Add(clause.Replace("?", t.Marker + name, StringComparison.Ordinal));
            Bind(command, name, value);
        }
        if (query.Status is { } status) Add("status = ?", "status", status.ToString());
        if (query.Alias is { } alias) Add(t.AliasEquals, "alias", alias);
        if (query.Fingerprint is { } fingerprint) Add("fingerprint = ?", "fingerprint", fingerprint.ToLowerInvariant());
        if (query.VerifiedAlias is { } verifiedAlias) Add(t.AliasEquals.Replace("alias", "verified_alias", StringComparison.Ordinal), "verifiedAlias", verifiedAlias);
        if (query.VerifiedFingerprint is { } verified) Add("verified_fingerprint = ?", "verified", verified.ToLowerInvariant());
        if (query.From is { } from) Add($"{t.Received} >= ?", "from", t.ToColumn(from));
        if (query.To is { } to) Add($"{t.Received} < ?", "to", t.ToColumn(to));
        return clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses);
    }

    private void Bind(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = Table.Marker + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>True when the storage is away for now and the same write will succeed later (retry); false for a lasting failure (drop the batch).</summary>
    protected abstract bool IsTemporary(Exception exception);

    protected virtual ValueTask DisposeStorageAsync() => ValueTask.CompletedTask;

    private async Task FlushBeforeQueryAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(QueryFlushLimit);
        try
        {
            await FlushAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The writer is waiting for its storage: read what is stored (the read says so if the storage is away).
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<MessageRecord>(BatchSize);
        var flushes = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item))
            {
                if (item is MessageRecord record) batch.Add(record);
                else if (item is TaskCompletionSource flush) { flushes.Add(flush); break; }
            }
            await WriteWithRetryAsync(batch);
            batch.Clear();
            flushes.ForEach(f => f.TrySetResult());
            flushes.Clear();
        }
    }

    private async Task WriteWithRetryAsync(List<MessageRecord> batch)
    {
        var warned = false;
        while (true)
        {
            try
            {
                if (batch.Count > 0) await WriteAsync(batch, CancellationToken.None);
                await PruneIfDueAsync();
                if (warned) _logger.LogWarning("the message log's storage is back: {Count} queued rows written", batch.Count);
                return;
            }
            catch (Exception e) when (IsTemporary(e) && !_abandon.IsCancellationRequested)
            {
                if (!warned) _logger.LogWarning("cannot write {Count} message log rows now ({Reason}); retrying every {Every}, the queue holds up to its capacity meanwhile",
                    batch.Count, e.Message, RetryEvery);
                warned = true;
                try { await Task.Delay(RetryEvery, Time, _abandon.Token); } catch (OperationCanceledException) { /* stopping: give up below */ }
            }
            catch (Exception e)
            {
                // The log is evidence, not the flow: a lasting failure is reported and the flow goes on.
                _logger.LogError(e, "could not write {Count} message log rows; they are lost", batch.Count + Backlog);
                return;
            }
        }
    }

    private async Task PruneIfDueAsync()
    {
        var now = Time.GetUtcNow();
        if (now - _lastPrune < PruneEvery) return;
        var pruned = await PruneAsync(now - _retention, CancellationToken.None);
        _lastPrune = now;
        if (pruned > 0) _logger.LogInformation("pruned {Count} message log rows older than {Retention}", pruned, _retention);
    }

    private void WarnAboutDrops()
    {
        long count;
        lock (_dropGate)
        {
            _droppedSinceWarning++;
            var now = Time.GetUtcNow();
            if (now - _lastDropWarning < DropWarningEvery) return;
            (count, _droppedSinceWarning, _lastDropWarning) = (_droppedSinceWarning, 0, now);
        }
        _logger.LogWarning("the message log's queue is full: {Count} records dropped since the last warning ({Total} in all); the flow is not slowed for the log",
            count, Dropped);
    }
}

/// <summary>
/// The log's table in one storage: its name, the instant columns and how an instant is written there, the node column
/// (<c>NULL</c> where there is one node), the case-insensitive alias comparison (<c>?</c>: the parameter) and the
/// parameter marker.
/// </summary>
public sealed record MessageTable(string Name, string Received, string Answered, string Node, string AliasEquals, char Marker,
    Func<DateTimeOffset, long> ToColumn, Func<long, DateTimeOffset> FromColumn);
