using System.Net;
using System.Net.Sockets;
using Npgsql;
using Rotation.Testing.Processes;

namespace Rotation.Testing.Postgres;

/// <summary>
/// A private, throwaway PostgreSQL 15 cluster: initdb into a temporary directory, started with pg_ctl on 127.0.0.1 at a
/// free port (trust authentication on loopback only), stopped and deleted afterwards. Root cannot run postgres, so as
/// root the binaries run as the postgres user (runuser). The tenant tests use it through their PostgresCluster fixture;
/// the cluster benchmark (bench/Rotation.ClusterBench) starts one when it is given no store.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    /// <summary>Debian's postgresql-15 (.ci/run installs the postgresql package and checks this path).</summary>
    public const string Binaries = "/usr/lib/postgresql/15/bin";

    private string? _root;
    private int _port;

    private static bool IsRoot => Environment.UserName == "root";

    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = "postgres", Database = database, Timeout = 30 }.ConnectionString;

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task StartAsync()
    {
        if (!File.Exists(Path.Combine(Binaries, "initdb")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({Binaries}/initdb is missing): apt-get install -y postgresql (.ci/run installs it)");
        _root = Directory.CreateTempSubdirectory("rotation-pg-").FullName;
        if (IsRoot) await RunAsync("chown", "postgres:postgres", _root);
        var data = Path.Combine(_root, "data");
        await RunAsPostgresAsync(Path.Combine(Binaries, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions");
        // A port chosen by the OS can be taken again before postgres binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            _port = FreePort();
            try
            {
                await StartServerAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Stops the server as an administrator would for maintenance (<c>pg_ctl stop -m fast</c>: sessions are ended, committed data stays).</summary>
    public Task StopServerAsync() =>
        RunAsPostgresAsync(Path.Combine(Binaries, "pg_ctl"), "-D", Path.Combine(_root!, "data"), "-m", "fast", "-w", "-t", "60", "stop");

    /// <summary>Starts the server (again) on its port.</summary>
    public Task StartServerAsync() =>
        RunAsPostgresAsync(Path.Combine(Binaries, "pg_ctl"), "-D", Path.Combine(_root!, "data"), "-l", Path.Combine(_root!, "server.log"), "-w", "-t", "60",
            "-o", $"-p {_port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300", "start");

    public async ValueTask DisposeAsync()
    {
        if (_root is null) return;
        try
        {
            await RunAsPostgresAsync(Path.Combine(Binaries, "pg_ctl"), "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunAsPostgresAsync(string program, params string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        // The postgres user may not enter the test's working directory.
        var outcome = await ChildProcess.RunAsync(new ProcessCommand(program, arguments) { WorkingDirectory = "/", Timeout = TimeSpan.FromMinutes(5) });
        if (!outcome.Succeeded) throw new InvalidOperationException("PostgreSQL could not be run\n" + outcome.Describe());
    }
}
