using System.Data;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using Rotation.Tenant.Audit;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Orders;
using Rotation.Tenant.Signing;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>
/// The tenant state in PostgreSQL, shared by every node on the database (docs/DESIGN.md §8). One row per keystore
/// entry, per history entry and per certificate; the state row's generation is the commit point: a commit updates it
/// only while it still holds the expected generation, in the transaction that also writes the keystore rows and the
/// audit records, so of two nodes committing from one generation exactly one wins. A private key is stored only as a
/// <see cref="KeyMaterialPkcs12"/> under the store secret, which the nodes are given and the database never sees.
/// </summary>
public sealed class PostgresTenantStateStore : ITenantStateStore, IClusterRegistry, IAsyncDisposable
{
    public const string SecretSource = "--store-secret-file or ROTATION_STORE_SECRET";

    /// <summary>The channel a commit notifies (payload: the committed generation); every node listens on it.</summary>
    public const string ChangeChannel = "rotation_tenant_state";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _secret;
    private readonly TimeProvider _time;

    private PostgresTenantStateStore(NpgsqlDataSource dataSource, string secret, TimeProvider time)
    {
        _dataSource = dataSource;
        _secret = secret;
        _time = time;
    }

    /// <summary>The connections of this store (the message log and the in-flight reports share them).</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Connects and migrates the schema (<see cref="PostgresSchema"/>). Throws <see cref="TenantStoreUnavailableException"/> when the database cannot be reached.</summary>
    public static async Task<PostgresTenantStateStore> OpenAsync(string connectionString, string secret, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await PostgresSchema.MigrateAsync(dataSource, cancellationToken);
            return new PostgresTenantStateStore(dataSource, secret, time ?? TimeProvider.System);
        }
        catch (Exception e)
        {
            await dataSource.DisposeAsync();
            if (e is NpgsqlException or TimeoutException)
                throw new TenantStoreUnavailableException($"cannot open the PostgreSQL store ({Describe(connectionString)}): {e.Message}", e);
            throw;
        }
    }

    public async Task<TenantState> LoadAsync(TenantState initial, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot of every table: a commit of another node lands entirely before or after this read.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        long generation;
        string? signerStepJson, flowJson;
        DateTimeOffset? backupMadeAt;
        await using (var command = new NpgsqlCommand("SELECT generation, signer_step::text, flow::text, backup_made_at_ticks FROM tenant_state WHERE id = 1", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken)) throw new InvalidDataException("the tenant_state row is missing from the store");
            generation = reader.GetInt64(0);
            signerStepJson = reader.IsDBNull(1) ? null : reader.GetString(1);
            flowJson = reader.IsDBNull(2) ? null : reader.GetString(2);
            backupMadeAt = reader.IsDBNull(3) ? null : Utc(reader, 3);
        }
        if (generation == 0) return initial;

        var entries = await ReadEntriesAsync(connection, transaction, "keystore_entry", cancellationToken);
        var backup = backupMadeAt is { } madeAt ? (await ReadEntriesAsync(connection, transaction, "backup_entry", cancellationToken), madeAt) : ((IEnumerable<EntryRecord>, DateTimeOffset)?)null;
        var history = await ReadAsync(connection, transaction, "SELECT id, alias, fingerprint, created_at_ticks, retired_at_ticks FROM key_history ORDER BY position",
            r => new HistoryRecord(r.GetString(0), r.GetString(1), r.GetString(2), Utc(r, 3), Utc(r, 4)), cancellationToken);
        // A node deploying the next generation already holds every key but the new ones: only those are read and decrypted
        // (each PKCS#12 costs a key derivation, and the key history keeps every retired key pair for 90 days).
        var known = KeyMaterialFile.DistinctCertificates(initial.Keystore);
        var material = await ReadAsync(connection, transaction,
            "SELECT fingerprint, certificate, CASE WHEN fingerprint = ANY(@known) THEN NULL ELSE encrypted_key_pair END FROM key_material",
            r => (Fingerprint: r.GetString(0), Certificate: (byte[])r[1], KeyPair: r.IsDBNull(2) ? null : (byte[])r[2]), cancellationToken,
            ("known", known.Where(k => k.Value.HasPrivateKey).Select(k => k.Key).ToArray()));
        await transaction.CommitAsync(cancellationToken);

        var certificates = material.ToDictionary(m => m.Fingerprint, m => known.TryGetValue(m.Fingerprint, out var held) && held.HasPrivateKey ? held : Decrypt(m),
            StringComparer.Ordinal);
        var keystore = StoredKeystore.Assemble(entries, history, certificates, "the store's key_material table", backup);
        var signerStep = signerStepJson is null ? initial.SignerStep : JsonSerializer.Deserialize<SignerStep>(signerStepJson, Json)!;
        if (signerStep.Problem() is { } problem) throw new InvalidDataException($"the stored signer step is invalid: {problem}");
        var flow = flowJson is null ? initial.Flow : JsonSerializer.Deserialize<FlowSettings>(flowJson, Json)!;
        return new TenantState(generation, keystore, signerStep, flow);
    }

    public async Task<CommitOutcome> CommitAsync(StateCommit commit, CancellationToken cancellationToken)
    {
        try
        {
            return await TryCommitAsync(commit, cancellationToken);
        }
        catch (Exception e) when (StoreFailure.IsUnavailable(e))
        {
            // Not acknowledged: whether the transaction reached the server or not, the caller reports a refusal and every
            // node deploys whatever the store holds once it is back.
            return CommitOutcome.Unavailable(StoreFailure.Describe(e));
        }
    }

    private async Task<CommitOutcome> TryCommitAsync(StateCommit commit, CancellationToken cancellationToken)
    {
        var (before, after) = (commit.Before, commit.After);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // First statement: the row lock makes a concurrent commit from the same generation wait for this one and then
        // find the generation changed (READ COMMITTED re-checks the condition on the updated row).
        await using (var state = new NpgsqlCommand(
            "UPDATE tenant_state SET generation = @after, signer_step = @signer::jsonb, flow = @flow::jsonb, committed_at_ticks = @at WHERE id = 1 AND generation = @before",
            connection, transaction))
        {
            state.Parameters.AddWithValue("at", _time.GetUtcNow().UtcTicks);
            state.Parameters.AddWithValue("after", after.Generation);
            state.Parameters.AddWithValue("before", before.Generation);
            state.Parameters.AddWithValue("signer", JsonSerializer.Serialize(after.SignerStep, Json));
            state.Parameters.AddWithValue("flow", JsonSerializer.Serialize(after.Flow, Json));
            if (await state.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await using var current = new NpgsqlCommand("SELECT generation FROM tenant_state WHERE id = 1", connection, transaction);
                return CommitOutcome.Conflict((long)(await current.ExecuteScalarAsync(cancellationToken))!);
            }
        }
        // Signer step and flow changes keep the keystore rows: no key is encrypted again.
        if (!ReferenceEquals(before.Keystore, after.Keystore) || before.Generation == 0)
            await WriteKeystoreAsync(connection, transaction, after.Keystore, cancellationToken);
        await AppendAuditAsync(connection, transaction, commit.Audit, cancellationToken);
        // Delivered to the listening nodes when (and only if) the transaction commits.
        await using (var notify = new NpgsqlCommand($"SELECT pg_notify('{ChangeChannel}', @generation)", connection, transaction))
        {
            notify.Parameters.AddWithValue("generation", after.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return CommitOutcome.Success(after.Generation);
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(int last, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT at_ticks, who, action, subject, old_fingerprint, new_fingerprint, generation
            FROM (SELECT * FROM audit ORDER BY id DESC LIMIT @last) AS latest ORDER BY id
            """, connection);
        command.Parameters.AddWithValue("last", Math.Max(0, last));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
            records.Add(new AuditRecord(Utc(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(6)));
        return records;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>A connection of its own for LISTEN (not from the pool the commits use).</summary>
    internal NpgsqlConnection CreateListenConnection() => _dataSource.CreateConnection();

    /// <summary>The generation stored now (one row read: how a node finds out whether there is anything to deploy).</summary>
    public async Task<long> ReadStoredGenerationAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT generation FROM tenant_state WHERE id = 1");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Records the <paramref name="deployment"/> of a node and its heartbeat (<paramref name="now"/>).</summary>
    public async Task ReportDeployedAsync(NodeDeployment deployment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO cluster_node (name, deployed_generation, heartbeat_ticks, deployed_at_ticks, propagation_delay_ms)
            VALUES (@name, @generation, @heartbeat, @deployedAt, @delay)
            ON CONFLICT (name) DO UPDATE SET deployed_generation = EXCLUDED.deployed_generation, heartbeat_ticks = EXCLUDED.heartbeat_ticks,
                deployed_at_ticks = EXCLUDED.deployed_at_ticks, propagation_delay_ms = EXCLUDED.propagation_delay_ms
            """);
        command.Parameters.AddWithValue("name", deployment.Node);
        command.Parameters.AddWithValue("generation", deployment.Generation);
        command.Parameters.AddWithValue("heartbeat", now.UtcTicks);
        command.Parameters.AddWithValue("deployedAt", deployment.DeployedAt.UtcTicks);
        command.Parameters.AddWithValue("delay", (long)deployment.PropagationDelay.TotalMilliseconds);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The stored generation and every node that ever reported, by name, with each one's propagation lag.</summary>
    public async Task<ClusterView> ReadClusterAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var (generation, storedAt) = (await ReadAsync(connection, transaction, "SELECT generation, committed_at_ticks FROM tenant_state WHERE id = 1",
            r => (r.GetInt64(0), r.IsDBNull(1) ? (DateTimeOffset?)null : Utc(r, 1)), cancellationToken)).Single();
        var now = _time.GetUtcNow();
        var nodes = await ReadAsync(connection, transaction,
            "SELECT name, deployed_generation, heartbeat_ticks, deployed_at_ticks, propagation_delay_ms FROM cluster_node ORDER BY name",
            r => ClusterNodes.Of(r.GetString(0), r.GetInt64(1), generation, storedAt, Utc(r, 2), r.IsDBNull(3) ? null : Utc(r, 3), r.GetInt64(4), now), cancellationToken);
        return new ClusterView(generation, nodes) { StoredAt = storedAt };
    }

    /// <summary>Replaces the entry and history rows; adds the key material not stored yet and drops what nothing names any more.</summary>
    private async Task WriteKeystoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, KeystoreSnapshot keystore, CancellationToken cancellationToken)
    {
        var certificates = KeyMaterialFile.DistinctCertificates(keystore);
        var stored = (await ReadAsync(connection, transaction, "SELECT fingerprint, encrypted_key_pair IS NOT NULL FROM key_material",
            r => (Fingerprint: r.GetString(0), HasKey: r.GetBoolean(1)), cancellationToken)).ToDictionary(s => s.Fingerprint, s => s.HasKey, StringComparer.Ordinal);
        var missing = certificates.Where(c => !stored.TryGetValue(c.Key, out var hasKey) || (!hasKey && c.Value.HasPrivateKey)).ToList();
        if (missing.Count > 0)
        {
            await using var material = new NpgsqlCommand("""
                INSERT INTO key_material (fingerprint, certificate, encrypted_key_pair)
                SELECT * FROM unnest(@fingerprints, @certificates, @keyPairs)
                ON CONFLICT (fingerprint) DO UPDATE SET encrypted_key_pair = EXCLUDED.encrypted_key_pair
                """, connection, transaction);
            material.Parameters.AddWithValue("fingerprints", missing.Select(m => m.Key).ToArray());
            material.Parameters.AddWithValue("certificates", NpgsqlDbType.Array | NpgsqlDbType.Bytea, missing.Select(m => m.Value.RawData).ToArray());
            material.Parameters.AddWithValue("keyPairs", NpgsqlDbType.Array | NpgsqlDbType.Bytea,
                missing.Select(m => m.Value.HasPrivateKey ? KeyMaterialPkcs12.Export([m.Value], _secret) : null).ToArray());
            await material.ExecuteNonQueryAsync(cancellationToken);
        }

        var history = StoredKeystore.History(keystore);
        await using var rows = new NpgsqlCommand("""
            DELETE FROM keystore_entry;
            DELETE FROM key_history;
            DELETE FROM backup_entry;
            INSERT INTO keystore_entry (alias, kind, fingerprint, created_at_ticks, updated_at_ticks, issuers)
            SELECT * FROM unnest(@aliases, @kinds, @fingerprints, @created, @updated, @issuers);
            INSERT INTO key_history (position, id, alias, fingerprint, created_at_ticks, retired_at_ticks)
            SELECT * FROM unnest(@positions, @historyIds, @historyAliases, @historyFingerprints, @historyCreated, @retired);
            INSERT INTO backup_entry (alias, kind, fingerprint, created_at_ticks, updated_at_ticks, issuers)
            SELECT * FROM unnest(@backupAliases, @backupKinds, @backupFingerprints, @backupCreated, @backupUpdated, @backupIssuers);
            UPDATE tenant_state SET backup_made_at_ticks = @backupMadeAt WHERE id = 1;
            DELETE FROM key_material m
            WHERE NOT EXISTS (SELECT 1 FROM keystore_entry e WHERE e.fingerprint = m.fingerprint)
              AND NOT EXISTS (SELECT 1 FROM key_history h WHERE h.fingerprint = m.fingerprint)
              AND NOT EXISTS (SELECT 1 FROM backup_entry b WHERE b.fingerprint = m.fingerprint);
            """, connection, transaction);
        AddEntries(rows, "", StoredKeystore.Entries(keystore));
        AddEntries(rows, "backup", StoredKeystore.Backup(keystore) ?? []);
        rows.Parameters.AddWithValue("backupMadeAt", NpgsqlDbType.Bigint, (object?)keystore.Backup.MadeAt?.UtcTicks ?? DBNull.Value);
        rows.Parameters.AddWithValue("positions", Enumerable.Range(0, history.Count).ToArray());
        rows.Parameters.AddWithValue("historyIds", history.Select(h => h.Id).ToArray());
        rows.Parameters.AddWithValue("historyAliases", history.Select(h => h.Alias).ToArray());
        rows.Parameters.AddWithValue("historyFingerprints", history.Select(h => h.Fingerprint).ToArray());
        rows.Parameters.AddWithValue("historyCreated", history.Select(h => h.CreatedAt.UtcTicks).ToArray());
        rows.Parameters.AddWithValue("retired", history.Select(h => h.RetiredAt.UtcTicks).ToArray());
        await rows.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The parameters of one table of entries (keystore_entry, backup_entry), named with <paramref name="prefix"/>.</summary>
    private static void AddEntries(NpgsqlCommand command, string prefix, List<EntryRecord> entries)
    {
        string Name(string name) => prefix.Length == 0 ? name : prefix + char.ToUpperInvariant(name[0]) + name[1..];
        command.Parameters.AddWithValue(Name("aliases"), entries.Select(e => e.Alias).ToArray());
        command.Parameters.AddWithValue(Name("kinds"), entries.Select(e => e.Kind.ToString()).ToArray());
        command.Parameters.AddWithValue(Name("fingerprints"), entries.Select(e => e.Fingerprint).ToArray());
        command.Parameters.AddWithValue(Name("created"), entries.Select(e => e.CreatedAt.UtcTicks).ToArray());
        command.Parameters.AddWithValue(Name("updated"), entries.Select(e => e.UpdatedAt.UtcTicks).ToArray());
        command.Parameters.AddWithValue(Name("issuers"), NpgsqlDbType.Array | NpgsqlDbType.Bytea, entries.Select(e => e.Issuers).ToArray());
    }

    /// <summary>The rows of keystore_entry or backup_entry (<paramref name="table"/>, one of those two names).</summary>
    private static Task<List<EntryRecord>> ReadEntriesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken) =>
        ReadAsync(connection, transaction, $"SELECT alias, kind, fingerprint, created_at_ticks, updated_at_ticks, issuers FROM {table} ORDER BY alias",
            r => new EntryRecord(r.GetString(0), Enum.Parse<EntryKind>(r.GetString(1)), r.GetString(2), Utc(r, 3), Utc(r, 4), r.IsDBNull(5) ? null : (byte[])r[5]), cancellationToken);

    private static async Task AppendAuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken)
    {
        if (audit.Count == 0) return;
        await using var command = new NpgsqlCommand("""
            INSERT INTO audit (generation, at_ticks, who, action, subject, old_fingerprint, new_fingerprint)
            SELECT g, a, w, ac, s, o, n FROM unnest(@generations, @at, @who, @actions, @subjects, @old, @new) WITH ORDINALITY AS r(g, a, w, ac, s, o, n, ord)
            ORDER BY ord
            """, connection, transaction);
        command.Parameters.AddWithValue("generations", audit.Select(r => r.Generation).ToArray());
        command.Parameters.AddWithValue("at", audit.Select(r => r.At.UtcTicks).ToArray());
        command.Parameters.AddWithValue("who", audit.Select(r => r.Who).ToArray());
        command.Parameters.AddWithValue("actions", audit.Select(r => r.Action).ToArray());
        command.Parameters.AddWithValue("subjects", audit.Select(r => r.Subject).ToArray());
        command.Parameters.AddWithValue("old", NpgsqlDbType.Array | NpgsqlDbType.Text, audit.Select(r => r.OldFingerprint).ToArray());
        command.Parameters.AddWithValue("new", NpgsqlDbType.Array | NpgsqlDbType.Text, audit.Select(r => r.NewFingerprint).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private X509Certificate2 Decrypt((string Fingerprint, byte[] Certificate, byte[]? KeyPair) material)
    {
        if (material.KeyPair is null) return X509CertificateLoader.LoadCertificate(material.Certificate);
        var loaded = KeyMaterialPkcs12.Load(material.KeyPair, _secret, $"row {material.Fingerprint} of key_material", SecretSource);
        return loaded.TryGetValue(material.Fingerprint, out var certificate) && certificate.HasPrivateKey
            ? certificate
            : throw new InvalidDataException($"the key_material row {material.Fingerprint} does not hold that certificate's key pair");
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Func<NpgsqlDataReader, T> row, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(row(reader));
        return rows;
    }

    private static DateTimeOffset Utc(NpgsqlDataReader reader, int column) => new(reader.GetInt64(column), TimeSpan.Zero);

    /// <summary>Host, port and database of a connection string: never its password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"host {builder.Host}, port {builder.Port}, database {builder.Database ?? builder.Username}";
    }
}
