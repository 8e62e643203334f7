using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rotation.Tenant.Messages;
using Rotation.Tenant.Persistence.Postgres;
using Rotation.Tenant.Tests.Messages;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Postgres;

/// <summary>The message log contract on a real PostgreSQL server: the cluster's log, table message_log.</summary>
[NeedsPostgres]
[Collection(PostgresCollection.Name)]
public sealed class PostgresMessageLogTests(PostgresCluster cluster) : MessageLogContract
{
    private readonly List<PostgresTenantStateStore> _stores = [];
    private string? _database;

    protected override async Task<MessageLog> CreateAsync(int capacity, TimeSpan retention, ILogger<MessageLog> logger)
    {
        _database = await cluster.CreateDatabaseAsync();
        return new PostgresMessageLog((await OpenAsync()).DataSource, "node-a", retention, Time, logger, capacity);
    }

    protected override async Task<MessageLog> ReopenAsync() =>
        new PostgresMessageLog((await OpenAsync()).DataSource, "node-a", TimeSpan.FromDays(14), Time, NullLogger<MessageLog>.Instance);

    [StoreFact]
    public async Task Every_node_writes_its_own_rows_and_a_query_on_any_node_reads_them_all()
    {
        var a = new PostgresMessageLog((await OpenDatabaseAsync()).DataSource, "node-a", TimeSpan.FromDays(14), Time, NullLogger<MessageLog>.Instance);
        var b = new PostgresMessageLog((await OpenAsync()).DataSource, "node-b", TimeSpan.FromDays(14), Time, NullLogger<MessageLog>.Instance);
        await using (a)
        await using (b)
        {
            await a.StartAsync(CancellationToken.None);
            await b.StartAsync(CancellationToken.None);
            var now = Time.GetUtcNow();
            a.Record(new MessageRecord("from-a", now, now, MessageStatus.Completed, "tenant-signing", "aa", 1, 200, "1.1"));
            b.Record(new MessageRecord("from-b", now.AddSeconds(1), now.AddSeconds(1), MessageStatus.Completed, "tenant-signing", "aa", 1, 200, "1.1"));
            await b.FlushAsync();

            var seen = await a.QueryAsync(new MessageQuery());
            Assert.Equal([("from-b", "node-b"), ("from-a", "node-a")], seen.Select(m => (m.Id, m.Node)));
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var store in _stores) await store.DisposeAsync();
    }

    private async Task<PostgresTenantStateStore> OpenDatabaseAsync()
    {
        _database = await cluster.CreateDatabaseAsync();
        return await OpenAsync();
    }

    private async Task<PostgresTenantStateStore> OpenAsync()
    {
        var store = await PostgresTenantStateStore.OpenAsync(_database!, "log-store-secret-0123456789", Time);
        _stores.Add(store);
        return store;
    }
}
