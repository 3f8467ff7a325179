using Hiroba.ServiceDefaults;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.Rooms.Data;

/// <summary>The SQLite file <c>rooms.db</c> under <c>Data:Path</c>: rooms and the presence and screen activity projections.</summary>
public sealed class RoomsDatabase(IOptions<DataOptions> options)
{
    public const string FileName = "rooms.db";

    /// <summary>
    /// Append-only; <c>PRAGMA user_version</c> counts the migrations that ran. The first one is idempotent, because
    /// databases made before migrations existed already hold its tables (at version 0).
    /// </summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS rooms (
            id TEXT PRIMARY KEY COLLATE NOCASE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            capacity INTEGER NOT NULL,
            host_key_hash TEXT NULL,
            signaling_key_hash TEXT NULL,
            ad_hoc INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            closed_at TEXT NULL
        );
        CREATE TABLE IF NOT EXISTS presence (
            room_id TEXT NOT NULL COLLATE NOCASE,
            peer_id TEXT NOT NULL,
            display_name TEXT NOT NULL,
            client_kind TEXT NOT NULL,
            joined_at TEXT NOT NULL,
            PRIMARY KEY (room_id, peer_id)
        );
        """,
        "ALTER TABLE rooms ADD COLUMN snapshot_interval_seconds INTEGER NULL;",
        """
        CREATE TABLE screen_activity (
            room_id TEXT NOT NULL COLLATE NOCASE,
            guest_id TEXT NOT NULL,
            last_snapshot_at TEXT NOT NULL,
            PRIMARY KEY (room_id, guest_id)
        );
        """,
        """
        CREATE TABLE removed_screen_guests (
            room_id TEXT NOT NULL COLLATE NOCASE,
            guest_id TEXT NOT NULL,
            removed_at TEXT NOT NULL,
            PRIMARY KEY (room_id, guest_id)
        );
        """,
    ];

    /// <summary>Concurrent event handlers and requests wait for each other's writes instead of failing.</summary>
    private const string BusyTimeout = "PRAGMA busy_timeout = 5000;";

    private readonly string _connectionString = SqliteFiles.ConnectionString(options.Value.Path, FileName);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await SqliteFiles.OpenAsync(
            options.Value.Path, FileName, $"{BusyTimeout} PRAGMA journal_mode = WAL;", cancellationToken);
        await SqliteMigrations.ApplyAsync(connection, Migrations, FileName, cancellationToken);
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = BusyTimeout;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
