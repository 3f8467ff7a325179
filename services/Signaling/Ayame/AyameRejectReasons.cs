namespace Hiroba.Signaling.Ayame;

/// <summary><c>reject.reason</c> values: Ayame's <c>full</c>, and ours for what Ayame leaves to its auth webhook.</summary>
public static class AyameRejectReasons
{
    public const string Full = "full";
    public const string InvalidRoomId = "InvalidRoomId";
    public const string InvalidSignalingKey = "InvalidSignalingKey";
    public const string RoomClosed = "RoomClosed";
    public const string UnknownRoom = "UnknownRoom";
    public const string TooManyJoins = "TooManyJoins";
    public const string TooManyRooms = "TooManyRooms";
    public const string RoomDirectoryUnavailable = "RoomDirectoryUnavailable";
}
