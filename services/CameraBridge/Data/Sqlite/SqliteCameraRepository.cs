using Hiroba.CameraBridge.Cameras;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hiroba.CameraBridge.Data.Sqlite;

/// <summary>The added cameras in <c>cameras.db</c> (<see cref="ICameraRepository"/>).</summary>
public sealed class SqliteCameraRepository(
    CameraDatabase database, SignalingKeyProtector signalingKeys, TimeProvider timeProvider, ILogger<SqliteCameraRepository> logger)
    : ICameraRepository
{
    public async Task<bool> TryAddAsync(Camera camera, CancellationToken cancellationToken)
    {
        var stored = StoredCamera.From(camera, signalingKeys);
        var addedAt = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return await database.WriteAsync((transaction, ct) => transaction.ExecuteAsync("""
            INSERT OR IGNORE INTO cameras (id, name, url, ayame_room_id, protected_signaling_key, added_at)
            VALUES ($id, $name, $url, $roomId, $signalingKey, $addedAt)
            """, ct,
            ("$id", stored.Id), ("$name", stored.Name), ("$url", stored.Url), ("$roomId", stored.AyameRoomId),
            ("$signalingKey", stored.ProtectedSignalingKey), ("$addedAt", addedAt)), cancellationToken) == 1;
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        await database.WriteAsync((transaction, ct) => transaction.ExecuteAsync(
            "DELETE FROM cameras WHERE id = $id", ct, ("$id", id)), cancellationToken) == 1;

    public async Task<IReadOnlyList<CameraDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, url, ayame_room_id, protected_signaling_key FROM cameras ORDER BY added_at, id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var definitions = new List<CameraDefinition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = new StoredCamera(
                reader.GetString(0), reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3), NullableString(reader, 4));
            definitions.Add(stored.ToDefinition(signalingKeys, logger));
        }
        return definitions;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
