using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Npgsql;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Persistence.Postgres;
using Rotation.Shared.Admin;
using Rotation.Tenant.State;
using Rotation.Tenant.Tests.State;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Postgres;

/// <summary>The store contract on a real PostgreSQL server, plus what only a shared database can get wrong: several nodes.</summary>
[NeedsPostgres]
[Collection(PostgresCollection.Name)]
public sealed class PostgresTenantStateStoreTests(PostgresCluster cluster) : TenantStateStoreContract, IAsyncLifetime
{
    private const string Secret = "contract-store-secret-0123456789";
    private readonly List<PostgresTenantStateStore> _stores = [];
    private string? _database;

    protected override async Task<ITenantStateStore> CreateStoreAsync()
    {
        _database = await cluster.CreateDatabaseAsync();
        return await OpenAsync(_database);
    }

    protected override async Task<ITenantStateStore> ReopenAsync() => await OpenAsync(_database ?? throw new InvalidOperationException("no store created"));

    [StoreFact]
    public async Task Nodes_starting_together_on_a_new_database_apply_each_migration_once()
    {
        var database = await cluster.CreateDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => OpenAsync(database))));
        await OpenAsync(database);

        Assert.Equal(Enumerable.Range(1, PostgresSchema.LatestVersion), await QueryAsync(database, "SELECT version FROM schema_migrations ORDER BY version", r => r.GetInt32(0)));
        Assert.All(await Task.WhenAll(stores.Select(s => s.LoadAsync(Initial, default))), s => Assert.Equal(0, s.Generation));
    }

    [StoreFact]
    public async Task A_database_a_newer_tenant_migrated_further_is_refused_and_left_as_it_is()
    {
        var database = await cluster.CreateDatabaseAsync();
        await OpenAsync(database);
        var newer = PostgresSchema.LatestVersion + 1;
        await QueryAsync(database, $"INSERT INTO schema_migrations (version) VALUES ({newer}) RETURNING version", r => r.GetInt32(0));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OpenAsync(database));

        Assert.Contains($"version {newer}, newer than this tenant-service knows ({PostgresSchema.LatestVersion})", error.Message, StringComparison.Ordinal);
        Assert.Equal(newer, (await QueryAsync(database, "SELECT max(version) FROM schema_migrations", r => r.GetInt32(0))).Single());
    }

    [StoreFact]
    public async Task Two_nodes_changing_the_keystore_from_one_generation_one_wins_the_other_is_refused_and_loses_nothing_on_retry()
    {
        var database = await cluster.CreateDatabaseAsync();
        for (var round = 0; round < 5; round++)
        {
            // Two nodes at the same generation (nodes learn of each other's changes by LISTEN/NOTIFY, not part of this test).
            var (first, second) = (await NodeAsync(database), await NodeAsync(database));
            var generation = first.State.Current.Generation;
            Assert.Equal(2 * round, generation);
            Assert.Equal(generation, second.State.Current.Generation);
            var nodes = new[] { (Node: first, Alias: $"first-{round}"), (Node: second, Alias: $"second-{round}") };

            var results = await Task.WhenAll(nodes.Select(n => Task.Run(() => CreateAsync(n.Node, n.Alias))));

            var winner = Assert.Single(results, r => r.Succeeded);
            var loser = Assert.Single(results, r => !r.Succeeded);
            Assert.Equal(KeystoreErrorCode.PreconditionFailed, loser.Error!.Code);
            Assert.Equal(generation + 1, winner.Value!.Generation);
            // The refused node now holds the winner's state, and its administrator's retry keeps both changes.
            var (loserNode, loserAlias) = nodes[Array.IndexOf(results, loser)];
            Assert.Equal(generation + 1, loserNode.State.Current.Generation);
            Assert.NotNull(loserNode.State.Current.Keystore.Find(winner.Value.Value.Alias));
            Assert.Null(loserNode.State.Current.Keystore.Find(loserAlias));
            var retry = await CreateAsync(loserNode, loserAlias);
            Assert.True(retry.Succeeded, retry.Error?.Message);
            Assert.Equal(generation + 2, retry.Value!.Generation);
        }

        var stored = await (await OpenAsync(database)).LoadAsync(Initial, default);
        Assert.Equal(10, stored.Generation);
        Assert.Equal(
            Enumerable.Range(0, 5).SelectMany(r => new[] { $"first-{r}", $"second-{r}" }).Order(StringComparer.Ordinal),
            stored.Keystore.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.All(stored.Keystore.Entries.Values, e => Assert.True(e.Certificate.HasPrivateKey));
        var audit = await (await OpenAsync(database)).ReadAuditAsync(100, default);
        Assert.Equal(Enumerable.Range(1, 10).Select(g => (long)g), audit.Select(a => a.Generation));
    }

    [StoreFact]
    public async Task No_private_key_is_in_the_database_in_clear()
    {
        var (_, after) = await CommitFullAsync();
        var keyPairs = after.Keystore.Entries.Values.Where(e => e.Kind == EntryKind.KeyPair).Select(e => e.Certificate)
            .Concat(after.Keystore.History.Select(h => h.Certificate)).ToList();
        Assert.Equal(2, keyPairs.Count);

        var dump = await DumpAsync(_database!);

        // The scan sees the binary columns: the certificates (public) are there, in the hex form bytea takes as text.
        foreach (var certificate in keyPairs) Assert.Contains(Convert.ToHexStringLower(certificate.RawData), dump, StringComparison.Ordinal);
        foreach (var certificate in keyPairs)
        {
            using var key = certificate.GetECDsaPrivateKey()!;
            var pkcs8 = key.ExportPkcs8PrivateKey();
            var scalar = key.ExportParameters(includePrivateParameters: true).D!;
            Assert.DoesNotContain(Convert.ToHexStringLower(pkcs8), dump, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexStringLower(scalar), dump, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(pkcs8), dump, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexStringLower(Encoding.ASCII.GetBytes(Convert.ToBase64String(pkcs8)[..32])), dump, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("PRIVATE KEY", dump, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(Encoding.ASCII.GetBytes("PRIVATE KEY")), dump, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, dump, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task A_store_opened_with_another_secret_refuses_to_load_and_says_which_secret()
    {
        await CommitFullAsync();

        var other = await PostgresTenantStateStore.OpenAsync(_database!, "another-secret-0123456789");
        _stores.Add(other);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => other.LoadAsync(Initial, default));
        Assert.Contains(PostgresTenantStateStore.SecretSource, error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task An_unreachable_database_is_a_clear_error_naming_host_and_port_not_the_password()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")) { Port = 1, Password = "never-shown-password", Timeout = 5 }.ConnectionString;

        var error = await Assert.ThrowsAsync<TenantStoreUnavailableException>(() => PostgresTenantStateStore.OpenAsync(connectionString, Secret));

        Assert.Contains("port 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never-shown-password", error.Message, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
    }

    private async Task<PostgresTenantStateStore> OpenAsync(string database)
    {
        var store = await PostgresTenantStateStore.OpenAsync(database, Secret);
        lock (_stores) _stores.Add(store);
        return store;
    }

    /// <summary>A node: its own store, state and keystore over the shared database, as a tenant host builds them.</summary>
    private async Task<Node> NodeAsync(string database)
    {
        var state = await LiveTenantState.LoadAsync(await OpenAsync(database), Initial, TimeProvider.System);
        return new Node(state, new TenantKeystore(state, new KeystoreOptions(), TimeProvider.System));
    }

    private sealed record Node(LiveTenantState State, TenantKeystore Keystore);

    private static async Task<KeystoreResult<Committed<KeystoreEntry>>> CreateAsync(Node node, string alias) =>
        await node.Keystore.CreateKeyPairAsync(new ChangeContext(alias), alias, KeyAlgorithm.EcP256, $"CN={alias}", TimeSpan.FromDays(30), hash: null);

    /// <summary>Every row of every table of the database as PostgreSQL's text form (bytea as \x-prefixed hex).</summary>
    private static async Task<string> DumpAsync(string database)
    {
        var tables = await QueryAsync(database, "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public'", r => r.GetString(0));
        Assert.Contains("key_material", tables);
        var dump = new StringBuilder();
        foreach (var table in tables)
            foreach (var row in await QueryAsync(database, $"SELECT t::text FROM {table} AS t", r => r.GetString(0)))
                dump.AppendLine(row);
        return dump.ToString();
    }

    private static async Task<List<T>> QueryAsync<T>(string database, string sql, Func<NpgsqlDataReader, T> row)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(row(reader));
        return rows;
    }
}
