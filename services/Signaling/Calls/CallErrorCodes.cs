namespace Hiroba.Signaling.Calls;

/// <summary>The <c>code</c> of an <c>error</c> message on <c>/ws/signaling</c> (docs/signaling-protocol.md).</summary>
public static class CallErrorCodes
{
    public const string RoomFull = "room-full";
    public const string RoomClosed = "room-closed";
    public const string UnknownRoom = "unknown-room";
    public const string InvalidKey = "invalid-key";
    public const string BadMessage = "bad-message";
    public const string UnknownPeer = "unknown-peer";
    public const string NotJoined = "not-joined";
    public const string AlreadyJoined = "already-joined";
    public const string TooLarge = "too-large";
    public const string RateLimited = "rate-limited";
    public const string TooManyJoins = "too-many-joins";
    public const string TooManyRooms = "too-many-rooms";
    public const string DirectoryUnavailable = "directory-unavailable";
}
