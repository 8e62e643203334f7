using Microsoft.Extensions.Logging;
using Rotation.Tenant.Messages;

namespace Rotation.Tenant.Tests.Messages;

/// <summary>The message log contract on the data directory's SQLite file, the embedded default.</summary>
public sealed class SqliteMessageLogTests : MessageLogContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rotation-log-").FullName;
    private string Path => System.IO.Path.Combine(_directory, "messages.db");

    protected override Task<MessageLog> CreateAsync(int capacity, TimeSpan retention, ILogger<MessageLog> logger) =>
        Task.FromResult<MessageLog>(new SqliteMessageLog(Path, retention, Time, logger, capacity));

    protected override Task<MessageLog> ReopenAsync() =>
        Task.FromResult<MessageLog>(new SqliteMessageLog(Path, TimeSpan.FromDays(14), Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<MessageLog>.Instance));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
