using Npgsql;

namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>
/// The tenant's tables in PostgreSQL and their versioned migrations (docs/DESIGN.md §8). Every node migrates at start,
/// inside one transaction holding a transaction-scoped advisory lock: nodes starting together apply each migration
/// once, in order, and a migration that fails leaves the schema as it was.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>"Rotation" in ASCII: the advisory lock every node takes to migrate.</summary>
    private const long MigrationLock = 5940094395438690158;

    /// <summary>Append only: a released migration never changes; the next change is the next version.</summary>
    private static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
    [
        (1, """
            CREATE TABLE tenant_state (
                id smallint PRIMARY KEY CHECK (id = 1),
                generation bigint NOT NULL CHECK (generation >= 0),
                signer_step jsonb,
                flow jsonb
            );
            INSERT INTO tenant_state (id, generation) VALUES (1, 0);

            -- Certificates in clear (they are public); a key pair's private key only inside a PKCS#12 encrypted under
            -- the nodes' store secret, which is never in the database.
            CREATE TABLE key_material (
                fingerprint text PRIMARY KEY,
                certificate bytea NOT NULL,
                encrypted_key_pair bytea
            );

            -- Instants are UTC ticks (100 ns since 0001-01-01), as .NET keeps them: timestamptz holds microseconds
            -- only, and a node that loads the state must show exactly what the node that committed it shows.
            CREATE TABLE keystore_entry (
                alias text PRIMARY KEY,
                kind text NOT NULL CHECK (kind IN ('KeyPair', 'Certificate')),
                fingerprint text NOT NULL REFERENCES key_material,
                created_at_ticks bigint NOT NULL,
                updated_at_ticks bigint NOT NULL
            );

            CREATE TABLE key_history (
                position int PRIMARY KEY,
                id text NOT NULL UNIQUE,
                alias text NOT NULL,
                fingerprint text NOT NULL REFERENCES key_material,
                created_at_ticks bigint NOT NULL,
                retired_at_ticks bigint NOT NULL
            );

            CREATE TABLE audit (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                generation bigint NOT NULL,
                at_ticks bigint NOT NULL,
                who text NOT NULL,
                action text NOT NULL,
                subject text NOT NULL,
                old_fingerprint text,
                new_fingerprint text
            );
            """),
        (2, """
            -- Each node's deployed generation and heartbeat (GET /admin/cluster).
            CREATE TABLE cluster_node (
                name text PRIMARY KEY,
                deployed_generation bigint NOT NULL,
                heartbeat_ticks bigint NOT NULL
            );
            """),
        (3, """
            -- When the stored generation was committed, when each node deployed the generation it serves, and the delay a
            -- node waits on purpose before deploying (a simulated slow worker node): the propagation lag per node.
            ALTER TABLE tenant_state ADD COLUMN committed_at_ticks bigint;
            ALTER TABLE cluster_node ADD COLUMN deployed_at_ticks bigint;
            ALTER TABLE cluster_node ADD COLUMN propagation_delay_ms bigint NOT NULL DEFAULT 0;

            -- The message log of every node (written in batches by each node's background writer).
            CREATE TABLE message_log (
                id text PRIMARY KEY,
                node text NOT NULL,
                received_ticks bigint NOT NULL,
                answered_ticks bigint NOT NULL,
                status text NOT NULL,
                alias text NOT NULL,
                fingerprint text,
                duration_ms double precision NOT NULL,
                http_status int NOT NULL,
                soap_version text
            );
            CREATE INDEX message_log_received ON message_log (received_ticks);
            CREATE INDEX message_log_fingerprint ON message_log (fingerprint, received_ticks);

            -- Each node's messages in flight by signing fingerprint, replaced by the node whenever they change and rewritten
            -- every few seconds while there are any (rows not rewritten for a while are a stopped node's, and ignored).
            CREATE TABLE node_in_flight (
                node text NOT NULL,
                fingerprint text NOT NULL,
                count int NOT NULL,
                aliases text[] NOT NULL,
                oldest_received_ticks bigint NOT NULL,
                reported_ticks bigint NOT NULL,
                PRIMARY KEY (node, fingerprint)
            );
            """),
        (4, """
            -- Inbound verification (docs/DESIGN.md §10): the public key alias and fingerprint of the certificate that
            -- verified a request, or the verifier's reason code when it refused it.
            ALTER TABLE message_log ADD COLUMN verified_alias text, ADD COLUMN verified_fingerprint text, ADD COLUMN reject_reason text;
            CREATE INDEX message_log_verified_fingerprint ON message_log (verified_fingerprint, received_ticks);
            """),
        (5, """
            -- The issuers a CA's signing response brought for a key pair (docs/DESIGN.md §12): public certificates, one
            -- DER SEQUENCE OF Certificate with the root first (PkiPath order); NULL for a self-signed key pair.
            ALTER TABLE keystore_entry ADD COLUMN issuers bytea;
            """),
        (6, """
            -- Each node's verified messages in flight by the fingerprint of the certificate that verified the request
            -- (docs/DESIGN.md §10), reported as node_in_flight is; a table of its own, so a node that does not know it
            -- never counts these rows as signed messages. Its columns and primary key are node_in_flight's.
            CREATE TABLE IF NOT EXISTS node_verified_in_flight (LIKE node_in_flight INCLUDING ALL);
            """),
        (7, """
            -- The backup keystore (backup_admin_system, docs/DESIGN.md §9): entries as keystore_entry holds them, their key
            -- material in key_material like every other; backup_made_at_ticks NULL while no backup has been made.
            CREATE TABLE IF NOT EXISTS backup_entry (
                alias text PRIMARY KEY,
                kind text NOT NULL CHECK (kind IN ('KeyPair', 'Certificate')),
                fingerprint text NOT NULL REFERENCES key_material,
                created_at_ticks bigint NOT NULL,
                updated_at_ticks bigint NOT NULL,
                issuers bytea
            );
            ALTER TABLE tenant_state ADD COLUMN IF NOT EXISTS backup_made_at_ticks bigint;
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Brings the database to <see cref="LatestVersion"/>; refuses a database a newer tenant has migrated further.</summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, "SELECT pg_advisory_xact_lock(@lock)", cancellationToken, ("lock", MigrationLock));
        await Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        await using (var current = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_migrations", connection))
        {
            var version = (int)(await current.ExecuteScalarAsync(cancellationToken))!;
            if (version > LatestVersion)
                throw new InvalidOperationException($"the database schema is at version {version}, newer than this tenant-service knows ({LatestVersion}): run a newer tenant-service");
            foreach (var (next, sql) in Migrations.Where(m => m.Version > version))
            {
                await Execute(connection, sql, cancellationToken);
                await Execute(connection, "INSERT INTO schema_migrations (version) VALUES (@version)", cancellationToken, ("version", next));
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
