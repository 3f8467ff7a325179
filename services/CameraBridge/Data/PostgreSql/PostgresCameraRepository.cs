using Hiroba.CameraBridge.Cameras;
using Hiroba.PostgreSql;

namespace Hiroba.CameraBridge.Data.PostgreSql;

/// <summary>The added cameras in PostgreSQL (<see cref="ICameraRepository"/>).</summary>
public sealed class PostgresCameraRepository(
    CamerasPostgresDatabase database, SignalingKeyProtector signalingKeys, TimeProvider timeProvider, ILogger<PostgresCameraRepository> logger)
    : ICameraRepository
{
    public async Task<bool> TryAddAsync(Camera camera, CancellationToken cancellationToken)
    {
        var stored = StoredCamera.From(camera, signalingKeys);
        return (await database.ExecuteAsync(cancellationToken, new PostgresStatement("""
            INSERT INTO cameras (id, name, url, ayame_room_id, protected_signaling_key, added_at)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING
            """, stored.Id, stored.Name, stored.Url, stored.AyameRoomId, stored.ProtectedSignalingKey, timeProvider.GetUtcNow())))[0] == 1;
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        (await database.ExecuteAsync(cancellationToken, new PostgresStatement("DELETE FROM cameras WHERE id = $1", id)))[0] == 1;

    public async Task<IReadOnlyList<CameraDefinition>> ListAsync(CancellationToken cancellationToken) =>
        await database.QueryAsync(
            $"SELECT {StoredCamera.Columns} FROM cameras ORDER BY added_at, added_order",
            reader => StoredCamera.Read(reader).ToDefinition(signalingKeys, logger),
            cancellationToken);
}
