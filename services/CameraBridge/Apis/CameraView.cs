using System.Text.Json.Serialization;
using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Status;
using Hiroba.Contracts.Cameras;

namespace Hiroba.CameraBridge.Apis;

/// <summary>A camera as signed-in users see it; where the bridge reaches it is shown to the admin only.</summary>
public sealed record CameraView(
    string Id,
    string Name,
    CameraKind Kind,
    CameraSource Source,
    CameraStatus Status,
    int ViewerCount,
    DateTimeOffset StatusChangedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AyameRoomId = null)
{
    public static CameraView From(Camera camera, CameraStatusReport status, bool forAdmin)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(status);
        var view = new CameraView(camera.Id, camera.Name, camera.Kind, camera.Source, status.Status, status.ViewerCount, status.ChangedAt);
        return !forAdmin ? view : camera.Endpoint switch
        {
            MomoP2pEndpoint p2p => view with { Url = p2p.Url.ToString() },
            AyameRoomEndpoint room => view with { AyameRoomId = room.RoomId },
            _ => view,
        };
    }
}
