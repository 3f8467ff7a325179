using Hiroba.CameraBridge.Cameras;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hiroba.CameraBridge.Data;

/// <summary>
/// The cameras the admin added (configured ones live in configuration only). An Ayame camera's signaling key is stored
/// encrypted (<see cref="SignalingKeyProtector"/>).
/// </summary>
public sealed partial class CameraRepository(
    CameraDatabase database, SignalingKeyProtector signalingKeys, TimeProvider timeProvider, ILogger<CameraRepository> logger)
{
    /// <returns>False when a stored camera has that id already.</returns>
    public async Task<bool> TryAddAsync(Camera camera, CancellationToken cancellationToken)
    {
        var (url, roomId, signalingKey) = camera.Endpoint switch
        {
            MomoP2pEndpoint p2p => (p2p.Url.ToString(), null, null),
            AyameRoomEndpoint ayame => ((string?)null, ayame.RoomId, signalingKeys.Protect(ayame.SignalingKey)),
            _ => throw new ArgumentException($"Unknown endpoint {camera.Endpoint}.", nameof(camera)),
        };
        var addedAt = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return await database.WriteAsync((transaction, ct) => transaction.ExecuteAsync("""
            INSERT OR IGNORE INTO cameras (id, name, url, ayame_room_id, protected_signaling_key, added_at)
            VALUES ($id, $name, $url, $roomId, $signalingKey, $addedAt)
            """, ct,
            ("$id", camera.Id), ("$name", camera.Name), ("$url", url), ("$roomId", roomId), ("$signalingKey", signalingKey),
            ("$addedAt", addedAt)), cancellationToken) == 1;
    }

    /// <returns>False when there was no such stored camera.</returns>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        await database.WriteAsync((transaction, ct) => transaction.ExecuteAsync(
            "DELETE FROM cameras WHERE id = $id", ct, ("$id", id)), cancellationToken) == 1;

    /// <summary>
    /// The stored definitions in the order they were added; the registry validates them again. A signaling key the key
    /// ring cannot decrypt any more is left out (the camera is then invalid, but stays stored should the key ring return).
    /// </summary>
    public async Task<IReadOnlyList<CameraDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, url, ayame_room_id, protected_signaling_key FROM cameras ORDER BY added_at, id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var definitions = new List<CameraDefinition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            definitions.Add(new CameraDefinition
            {
                Id = reader.GetString(0),
                Name = reader.GetString(1),
                Url = NullableString(reader, 2),
                AyameRoomId = NullableString(reader, 3),
                SignalingKey = SignalingKey(reader.GetString(0), NullableString(reader, 4)),
            });
        }
        return definitions;
    }

    private string? SignalingKey(string cameraId, string? protectedKey)
    {
        if (protectedKey is null)
        {
            return null;
        }
        if (signalingKeys.TryUnprotect(protectedKey, out var key))
        {
            return key;
        }
        LogUndecryptableKey(logger, cameraId);
        return null;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    [LoggerMessage(LogLevel.Error, "The signaling key of stored camera {CameraId} cannot be decrypted with the key ring (was the key ring replaced?); add the camera again")]
    private static partial void LogUndecryptableKey(ILogger logger, string cameraId);
}
