using Hiroba.Signaling.Ayame;
using Hiroba.Signaling.Calls;
using Hiroba.Signaling.Connections;

namespace Hiroba.Signaling.RoomDirectory;

/// <summary>
/// Applies what Rooms announces to the directory and to the rooms people are in, together: nobody may join a closed
/// room and everyone in it is sent away; a room that turns out to have a signaling key keeps only the peers that
/// presented it (they may have entered it as an ad-hoc room while its announcement was on its way).
/// </summary>
public sealed class RoomAnnouncements(KnownRooms knownRooms, LiveRooms<CallRoom> callRooms, LiveRooms<AyameRoom> ayameRooms)
{
    public void Opened(string roomId, RoomPolicy policy)
    {
        // The directory first: a join deciding under its room's lock after this sees the key; one that decided
        // before is already in the room when the room is swept.
        knownRooms.Opened(roomId, policy);
        if (policy.SignalingKeyHash is { } keyHash)
        {
            callRooms.SendAwayWithoutKey(roomId, keyHash);
            ayameRooms.SendAwayWithoutKey(roomId, keyHash);
        }
    }

    public void Closed(string roomId)
    {
        knownRooms.Closed(roomId);
        callRooms.CloseRoom(roomId);
        ayameRooms.CloseRoom(roomId);
    }
}
