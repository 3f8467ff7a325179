using Hiroba.CameraBridge.Cameras;
using Hiroba.Sqlite;

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

    public async Task<IReadOnlyList<CameraDefinition>> ListAsync(CancellationToken cancellationToken) =>
        await database.QueryAsync(
            $"SELECT {StoredCamera.Columns} FROM cameras ORDER BY added_at, id",
            reader => StoredCamera.Read(reader).ToDefinition(signalingKeys, logger),
            cancellationToken);
}
