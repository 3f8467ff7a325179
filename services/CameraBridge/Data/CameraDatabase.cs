using Hiroba.ServiceDefaults;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Data;

/// <summary>
/// The SQLite file <c>cameras.db</c> under <c>Data:Path</c>: cameras the admin added and the Ayame peers seen in rooms.
/// Writes are rare (admin changes, Momo joining and leaving), so one connection serves one operation at a time.
/// Deleted and replaced values are overwritten on disk (<c>secure_delete</c>), so no earlier signaling key lingers
/// in free pages.
/// </summary>
public sealed class CameraDatabase(IOptions<DataOptions> options, SignalingKeyProtector signalingKeys) : IAsyncDisposable
{
    public const string FileName = "cameras.db";

    /// <summary>
    /// Append-only; <c>PRAGMA user_version</c> counts the migrations that ran. The first one is idempotent, because
    /// databases made before migrations existed already hold its tables (at version 0). The second encrypts the
    /// signaling keys the first releases stored in plain text.
    /// </summary>
    private SqliteMigration[] Migrations =>
    [
        SqliteMigration.Sql("""
        CREATE TABLE IF NOT EXISTS cameras (
            id TEXT PRIMARY KEY COLLATE NOCASE,
            name TEXT NOT NULL,
            url TEXT NULL,
            ayame_room_id TEXT NULL,
            signaling_key TEXT NULL,
            added_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ayame_peers (
            room_id TEXT NOT NULL COLLATE NOCASE,
            peer_id TEXT NOT NULL,
            joined_at INTEGER NOT NULL,
            PRIMARY KEY (room_id, peer_id)
        );
        """),
        new SqliteMigration(ProtectStoredSignalingKeysAsync),
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await SqliteFiles.OpenAsync(
            options.Value.Path, FileName, "PRAGMA journal_mode = WAL; PRAGMA secure_delete = ON;", cancellationToken);
        if ((await SqliteMigrations.ApplyAsync(connection, Migrations, FileName, cancellationToken)).Count > 0)
        {
            // Copies the migrated pages into the database file and empties the write-ahead log, which may still hold
            // the pages a migration replaced (plain signaling keys among them).
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }
        _connection = connection;
    }

    /// <summary>Runs <paramref name="work"/> with the connection, after any operation already running.</summary>
    public async Task<T> UseAsync<T>(Func<SqliteCommand, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = _connection ?? throw new InvalidOperationException("The camera database is not initialized.");
            await using var command = connection.CreateCommand();
            return await work(command, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ProtectStoredSignalingKeysAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        command.CommandText = "ALTER TABLE cameras RENAME COLUMN signaling_key TO protected_signaling_key;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "SELECT id, protected_signaling_key FROM cameras WHERE protected_signaling_key IS NOT NULL;";
        var plain = new List<(string Id, string Key)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                plain.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        command.CommandText = "UPDATE cameras SET protected_signaling_key = $protected WHERE id = $id;";
        foreach (var (id, key) in plain)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$protected", signalingKeys.Protect(key));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _gate.Dispose();
    }
}
