using System.ComponentModel.DataAnnotations;

namespace Hiroba.CameraBridge.Cameras;

/// <summary>Section <c>Cameras</c>: the configured cameras and where Ayame-mode cameras are met.</summary>
public sealed record CamerasOptions
{
    public const string SectionName = "Cameras";

    /// <summary><c>Cameras:Items:0:Id</c>, <c>...:Name</c>, <c>...:Url</c> or <c>...:AyameRoomId</c> and <c>...:SignalingKey</c>.</summary>
    public CameraDefinition[] Items { get; init; } = [];

    /// <summary>
    /// Signaling's Ayame-compatible endpoint as the bridge reaches it, e.g. <c>ws://signaling:8080/signaling</c>;
    /// needed for cameras in Ayame mode.
    /// </summary>
    public string? SignalingUrl { get; init; }

    /// <summary>Most cameras the bridge holds, configured and added together.</summary>
    [Range(1, 1000)]
    public int MaxCameras { get; init; } = 100;
}
