using Microsoft.Extensions.Options;
using Npgsql;

namespace Hiroba.Feed.Storage.PostgreSql;

/// <summary>
/// The feed's PostgreSQL database, which several Feed replicas share: a pooled data source, and the schema brought up
/// to date at start by whichever replica comes first (the others wait on the same lock and find nothing left to do).
/// </summary>
public sealed partial class FeedPostgresDatabase(IOptions<FeedStorageOptions> options, ILogger<FeedPostgresDatabase> logger)
    : IFeedDatabase, IAsyncDisposable
{
    /// <summary>Advisory lock held while the schema is migrated.</summary>
    public const long MigrationLockKey = 0x4869726f62610001;

    /// <summary>Advisory lock held by the one replica whose relay publishes the outbox (<see cref="OutboxRelayLease"/>).</summary>
    public const long OutboxRelayLockKey = 0x4869726f62610002;

    /// <summary>The channel every writing transaction notifies at its commit, to wake the outbox relay wherever it runs.</summary>
    public const string OutboxChannel = "feed_outbox";

    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(options.Value.ConnectionString!);

    /// <summary>
    /// A connection of its own, outside the pool, for session state that must end with it (an advisory lock, LISTEN):
    /// closing it ends the session. TCP keep-alives notice a server that vanished.
    /// </summary>
    public async Task<NpgsqlConnection> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(options.Value.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 10,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"""
            SELECT pg_advisory_xact_lock({MigrationLockKey});
            CREATE TABLE IF NOT EXISTS feed_schema (version integer NOT NULL);
            INSERT INTO feed_schema SELECT 0 WHERE NOT EXISTS (SELECT FROM feed_schema);
            """, cancellationToken);
        await using var read = new NpgsqlCommand("SELECT version FROM feed_schema;", connection);
        var version = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
        var migrations = FeedPostgresSchema.Migrations;
        for (var next = version; next < migrations.Count; next++)
        {
            await ExecuteAsync(connection, migrations[next] + $"\nUPDATE feed_schema SET version = {next + 1};", cancellationToken);
            LogMigrated(logger, next + 1);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "The feed's PostgreSQL database migrated to schema version {Version}")]
    private static partial void LogMigrated(ILogger logger, int version);
}
