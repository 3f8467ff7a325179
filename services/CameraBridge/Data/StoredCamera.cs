using System.Data.Common;
using Hiroba.CameraBridge.Cameras;

namespace Hiroba.CameraBridge.Data;

/// <summary>An added camera as both databases keep it: its endpoint in columns, the signaling key encrypted.</summary>
public sealed record StoredCamera(string Id, string Name, string? Url, string? AyameRoomId, string? ProtectedSignalingKey)
{
    /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
    public const string Columns = "id, name, url, ayame_room_id, protected_signaling_key";

    /// <summary>A row of <see cref="Columns"/>, from either database.</summary>
    public static StoredCamera Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.GetString(0), reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3), NullableString(reader, 4));
    }

    public static StoredCamera From(Camera camera, SignalingKeyProtector signalingKeys)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(signalingKeys);
        return camera.Endpoint switch
        {
            MomoP2pEndpoint p2p => new(camera.Id, camera.Name, p2p.Url.ToString(), null, null),
            AyameRoomEndpoint ayame => new(camera.Id, camera.Name, null, ayame.RoomId, signalingKeys.Protect(ayame.SignalingKey)),
            _ => throw new ArgumentException($"Unknown endpoint {camera.Endpoint}.", nameof(camera)),
        };
    }

    /// <summary>The definition to validate again; a signaling key the key ring cannot decrypt any more is left out, and logged.</summary>
    public CameraDefinition ToDefinition(SignalingKeyProtector signalingKeys, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(signalingKeys);
        string? signalingKey = null;
        if (ProtectedSignalingKey is not null && !signalingKeys.TryUnprotect(ProtectedSignalingKey, out signalingKey))
        {
            LogUndecryptableKey(logger, Id, null);
            signalingKey = null;
        }
        return new CameraDefinition { Id = Id, Name = Name, Url = Url, AyameRoomId = AyameRoomId, SignalingKey = signalingKey };
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static readonly Action<ILogger, string, Exception?> LogUndecryptableKey = LoggerMessage.Define<string>(
        LogLevel.Error, new EventId(1, nameof(LogUndecryptableKey)),
        "The signaling key of stored camera {CameraId} cannot be decrypted with the key ring (was the key ring replaced?); add the camera again");
}
