using System.Net.Sockets;
using Npgsql;

namespace Rotation.Tenant.Persistence.Postgres;

/// <summary>
/// Tells "the database is away" (refused or lost connections, a server shutting down or starting, timeouts) from a
/// failure of the tenant's own making: the first is expected while PostgreSQL restarts and is answered with 503
/// <c>StoreUnavailable</c> (docs/DESIGN.md §8); the second stays an error.
/// </summary>
public static class StoreFailure
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        // Class 08: connection exception; 57P01–57P05: the server is shutting down, crashed or not yet accepting connections.
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is { } inner && IsUnavailable(inner),
        SocketException or TimeoutException or EndOfStreamException or IOException => true,
        _ => false,
    };

    /// <summary>What to tell an administrator: the failure's message without the connection string.</summary>
    public static string Describe(Exception exception) => exception is PostgresException postgres
        ? $"{postgres.SqlState}: {postgres.MessageText}"
        : exception.InnerException is { } inner && exception is NpgsqlException ? $"{exception.Message} ({inner.Message})" : exception.Message;
}
