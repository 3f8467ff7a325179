using Hiroba.ServiceDefaults;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Data;

/// <summary>
/// The SQLite file <c>cameras.db</c> under <c>Data:Path</c>: cameras the admin added and the Ayame peers seen in rooms.
/// Writes are rare (admin changes, Momo joining and leaving), so one connection serves one operation at a time.
/// </summary>
public sealed class CameraDatabase : IAsyncDisposable
{
    public const string FileName = "cameras.db";

    private const string Schema = """
        PRAGMA journal_mode = WAL;
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
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _path;
    private SqliteConnection? _connection;

    public CameraDatabase(IOptions<DataOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SQLitePCL.Batteries_V2.Init();
        _path = Path.Combine(Path.GetFullPath(options.Value.Path), FileName);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = Schema;
            await command.ExecuteNonQueryAsync(cancellationToken);
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

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _gate.Dispose();
    }
}
