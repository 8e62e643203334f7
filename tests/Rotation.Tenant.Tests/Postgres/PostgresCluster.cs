using Rotation.Testing.Postgres;

namespace Rotation.Tenant.Tests.Postgres;

/// <summary>
/// The tests' PostgreSQL: a <see cref="ThrowawayPostgres"/> started once per collection (or class) that uses it. One
/// database per test (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    /// <summary>Debian's postgresql-15 (.ci/run installs the postgresql package and checks this path).</summary>
    public const string Binaries = ThrowawayPostgres.Binaries;

    private readonly ThrowawayPostgres _server = new();

    /// <summary>
    /// Why the PostgreSQL tests cannot run on this machine; null when they can. Only a machine where Debian's package
    /// cannot be installed skips: on Linux a missing package fails the tests with the command that installs it.
    /// </summary>
    public static string? WhyUnavailable => OperatingSystem.IsLinux()
        ? null
        : $"the PostgreSQL store tests run a private cluster from Debian's postgresql package ({Binaries}), which cannot exist on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    public string AdminConnectionString => _server.AdminConnectionString;

    public string ConnectionString(string database) => _server.ConnectionString(database);

    /// <summary>A new, empty database; its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => _server.CreateDatabaseAsync();

    /// <summary>Stops the server as an administrator would for maintenance (<c>pg_ctl stop -m fast</c>: sessions are ended, committed data stays).</summary>
    public Task StopServerAsync() => _server.StopServerAsync();

    /// <summary>Starts the server again on its port.</summary>
    public Task StartServerAsync() => _server.StartServerAsync();

    public Task InitializeAsync() => WhyUnavailable is null ? _server.StartAsync() : Task.CompletedTask;

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();
}

/// <summary>The test classes that share one <see cref="PostgresCluster"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
