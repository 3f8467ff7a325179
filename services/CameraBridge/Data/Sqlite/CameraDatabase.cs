using Hiroba.ServiceDefaults;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Data.Sqlite;

/// <summary>
/// The SQLite file <c>cameras.db</c> under <c>Data:Path</c> (<see cref="SqliteDatabase"/>): cameras the admin added and
/// the Ayame peers seen in rooms. Deleted and replaced values are overwritten on disk (<c>secure_delete</c>), so no
/// earlier signaling key lingers in free pages.
/// </summary>
public sealed class CameraDatabase(IOptions<DataOptions> options, SignalingKeyProtector signalingKeys, ILogger<CameraDatabase> logger)
    : SqliteDatabase(new SqliteDatabaseOptions(options.Value.Path, FileName) { WriterPragmas = "PRAGMA secure_delete = ON;" }, logger), ICamerasDatabase
{
    public const string FileName = "cameras.db";

    /// <summary>
    /// The first migration is idempotent, because databases made before migrations existed already hold its tables (at
    /// version 0). The second encrypts the signaling keys the first releases stored in plain text.
    /// </summary>
    protected override IReadOnlyList<SqliteMigration> Migrations =>
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
}
