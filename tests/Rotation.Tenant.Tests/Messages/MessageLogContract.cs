using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rotation.Tenant.Messages;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Messages;

/// <summary>
/// What every <see cref="MessageLog"/> must do, written once (docs/DESIGN.md §4a, §8): a storage gets its test class by
/// deriving from this one and saying how to open a log over new storage and over the same storage again (a restart).
/// SQLite runs it in <see cref="SqliteMessageLogTests"/>, PostgreSQL in <c>Postgres/PostgresMessageLogTests</c>.
/// </summary>
public abstract class MessageLogContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private readonly List<MessageLog> _opened = [];

    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>A log over new, empty storage (not started). Called at most once per test.</summary>
    protected abstract Task<MessageLog> CreateAsync(int capacity, TimeSpan retention, ILogger<MessageLog> logger);

    /// <summary>A log over the storage <see cref="CreateAsync"/> made, as a restarted tenant opens it (not started).</summary>
    protected abstract Task<MessageLog> ReopenAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var log in _opened) await log.DisposeAsync();
    }

    [StoreFact]
    public async Task A_query_finds_every_record_queued_before_it_newest_first_with_every_filter()
    {
        var log = await StartedAsync();
        log.Record(Message("m1", Start, MessageStatus.Completed, "tenant-signing", "aa"));
        log.Record(Message("m2", Start.AddSeconds(1), MessageStatus.Fault, "tenant-signing", "aa") with { HttpStatus = 500, SoapVersion = "1.2" });
        log.Record(Message("m3", Start.AddSeconds(2), MessageStatus.Completed, "next", "bb"));
        log.Record(Message("m4", Start.AddSeconds(3), MessageStatus.NoSigningKey, "gone", null));

        var all = await log.QueryAsync(new MessageQuery());
        Assert.Equal(["m4", "m3", "m2", "m1"], all.Select(m => m.Id));
        var fault = all.Single(m => m.Id == "m2");
        Assert.Equal((Start.AddSeconds(1), MessageStatus.Fault, 500, "1.2", "aa"), (fault.ReceivedAt, fault.Status, fault.HttpStatus, fault.SoapVersion, fault.Fingerprint));
        Assert.Null(all.Single(m => m.Id == "m4").Fingerprint);

        Assert.Equal(["m3", "m1"], (await log.QueryAsync(new MessageQuery { Status = MessageStatus.Completed })).Select(m => m.Id));
        Assert.Equal(["m2", "m1"], (await log.QueryAsync(new MessageQuery { Alias = "TENANT-Signing" })).Select(m => m.Id));
        Assert.Equal(["m2", "m1"], (await log.QueryAsync(new MessageQuery { Fingerprint = "AA" })).Select(m => m.Id));
        Assert.Equal(["m3", "m2"], (await log.QueryAsync(new MessageQuery { From = Start.AddSeconds(1), To = Start.AddSeconds(3) })).Select(m => m.Id));
        Assert.Equal(["m4"], (await log.QueryAsync(new MessageQuery { Limit = 1 })).Select(m => m.Id));
    }

    [StoreFact]
    public async Task Counts_are_per_signing_fingerprint_and_status_with_first_and_last_answer()
    {
        var log = await StartedAsync();
        for (var i = 0; i < 3; i++) log.Record(Message($"a{i}", Start.AddSeconds(i), MessageStatus.Completed, "tenant-signing", "aa"));
        log.Record(Message("f", Start.AddSeconds(5), MessageStatus.Fault, "tenant-signing", "aa"));
        log.Record(Message("b", Start.AddSeconds(9), MessageStatus.Completed, "tenant-signing", "bb"));

        var counts = await log.CountAsync(new MessageQuery());

        Assert.Equal(
            [("aa", MessageStatus.Completed, 3L, Start.AddSeconds(0.5), Start.AddSeconds(2.5)), ("aa", MessageStatus.Fault, 1L, Start.AddSeconds(5.5), Start.AddSeconds(5.5)),
             ("bb", MessageStatus.Completed, 1L, Start.AddSeconds(9.5), Start.AddSeconds(9.5))],
            counts.Select(c => (c.Fingerprint, c.Status, c.Count, c.FirstAnsweredAt, c.LastAnsweredAt)));
        Assert.Equal(4, (await log.CountAsync(new MessageQuery { Fingerprint = "aa" })).Sum(c => c.Count));
    }

    [StoreFact]
    public async Task A_clean_stop_writes_everything_queued_and_a_restarted_log_finds_it()
    {
        var log = await StartedAsync();
        for (var i = 0; i < 2_000; i++) log.Record(Message($"r{i:D4}", Start.AddMilliseconds(i), MessageStatus.Completed, "tenant-signing", "aa"));

        await log.StopAsync(CancellationToken.None);

        var reopened = await OpenedAsync(ReopenAsync());
        await reopened.StartAsync(CancellationToken.None);
        var counts = await reopened.CountAsync(new MessageQuery());
        Assert.Equal(2_000, counts.Single().Count);
        Assert.Equal("r1999", (await reopened.QueryAsync(new MessageQuery { Limit = 1 })).Single().Id);
    }

    [StoreFact]
    public async Task A_full_queue_drops_what_does_not_fit_counts_it_and_says_so_once_per_ten_seconds()
    {
        var logger = new CollectingLogger();
        var log = await OpenedAsync(CreateAsync(capacity: 10, TimeSpan.FromDays(14), logger));
        // Not started: nothing drains the queue, as when the writer cannot keep up.
        for (var i = 0; i < 25; i++) log.Record(Message($"q{i:D2}", Start.AddMilliseconds(i), MessageStatus.Completed, "tenant-signing", "aa"));

        Assert.Equal(15, log.Dropped);
        Assert.Equal(10, log.Backlog);
        var warning = Assert.Single(logger.Warnings);
        Assert.Contains("queue is full", warning, StringComparison.Ordinal);
        Time.Advance(TimeSpan.FromSeconds(11));
        log.Record(Message("late", Start, MessageStatus.Completed, "tenant-signing", "aa"));
        Assert.Equal(2, logger.Warnings.Count);
        Assert.Contains("15 records dropped since the last warning (16 in all)", logger.Warnings[1], StringComparison.Ordinal);

        await log.StartAsync(CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"q{i:D2}").Reverse(), (await log.QueryAsync(new MessageQuery())).Select(m => m.Id));
    }

    [StoreFact]
    public async Task Rows_older_than_the_retention_are_pruned_by_the_writer()
    {
        var log = await OpenedAsync(CreateAsync(MessageLog.DefaultCapacity, TimeSpan.FromDays(2), NullLogger<MessageLog>.Instance));
        await log.StartAsync(CancellationToken.None);
        log.Record(Message("old", Start, MessageStatus.Completed, "tenant-signing", "aa"));
        await log.FlushAsync();

        Time.Advance(TimeSpan.FromDays(3));
        log.Record(Message("new", Time.GetUtcNow(), MessageStatus.Completed, "tenant-signing", "aa"));

        Assert.Equal(["new"], (await log.QueryAsync(new MessageQuery())).Select(m => m.Id));
    }

    private async Task<MessageLog> StartedAsync()
    {
        var log = await OpenedAsync(CreateAsync(MessageLog.DefaultCapacity, TimeSpan.FromDays(14), NullLogger<MessageLog>.Instance));
        await log.StartAsync(CancellationToken.None);
        return log;
    }

    private async Task<MessageLog> OpenedAsync(Task<MessageLog> opening)
    {
        var log = await opening;
        _opened.Add(log);
        return log;
    }

    private static MessageRecord Message(string id, DateTimeOffset received, MessageStatus status, string alias, string? fingerprint) =>
        new(id, received, received.AddMilliseconds(500), status, alias, fingerprint, 500, status == MessageStatus.Completed ? 200 : 500, "1.1");

    /// <summary>The warnings a log writes, as its console would show them.</summary>
    private sealed class CollectingLogger : ILogger<MessageLog>
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get { lock (_warnings) return [.. _warnings]; }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) lock (_warnings) _warnings.Add(formatter(state, exception));
        }
    }
}
