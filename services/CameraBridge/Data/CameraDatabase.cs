using Hiroba.ServiceDefaults;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Data;

/// <summary>
/// The SQLite file <c>cameras.db</c> under <c>Data:Path</c>: cameras the admin added and the Ayame peers seen in rooms.
/// Writes are rare (admin changes, Momo joining and leaving), so one connection serves one operation at a time.
/// </summary>
public sealed class CameraDatabase(IOptions<DataOptions> options) : IAsyncDisposable
{
    public const string FileName = "cameras.db";

    /// <summary>
    /// Append-only; <c>PRAGMA user_version</c> counts the migrations that ran. The first one is idempotent, because
    /// databases made before migrations existed already hold its tables (at version 0).
    /// </summary>
    private static readonly string[] Migrations =
    [
        """
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
        """,
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await SqliteFiles.OpenAsync(options.Value.Path, FileName, "PRAGMA journal_mode = WAL;", cancellationToken);
        await SqliteMigrations.ApplyAsync(connection, Migrations, FileName, cancellationToken);
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

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _gate.Dispose();
    }
}
