using System.Text.Json.Serialization;

namespace Hiroba.Contracts.Cameras;

[JsonConverter(typeof(JsonStringEnumConverter<CameraStatus>))]
public enum CameraStatus
{
    /// <summary>Reachable and free to watch.</summary>
    Online,

    /// <summary>Not reachable (p2p: its port does not answer; Ayame mode: not in its room).</summary>
    Offline,

    /// <summary>Online and being watched: Momo serves one viewer per connection.</summary>
    Busy,
}
