using System.Text.Json.Serialization;

namespace Hiroba.Contracts.Rooms;

[JsonConverter(typeof(JsonStringEnumConverter<RoomKind>))]
public enum RoomKind
{
    /// <summary>A mesh video call; opened ad hoc by joining unless configured otherwise.</summary>
    Call,

    /// <summary>Created by the admin, with a host key: the screen wall.</summary>
    Workshop,

    /// <summary>A camera's room (Momo in Ayame mode dials in).</summary>
    Camera,
}
