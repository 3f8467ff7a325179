using System.Collections.Concurrent;

namespace Hiroba.Signaling.Connections;

/// <summary>
/// The rooms of one endpoint that have someone in them. A room removes itself when it empties; a peer that
/// raced with that removal simply enters a fresh room.
/// </summary>
public sealed class LiveRooms<TRoom> where TRoom : class, ILiveRoom
{
    private readonly ConcurrentDictionary<string, TRoom> _rooms = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<string, LiveRooms<TRoom>, TRoom> _create;

    public LiveRooms(Func<string, LiveRooms<TRoom>, TRoom> create) => _create = create;

    public int Count => _rooms.Count;

    /// <param name="tryEnter">Returns null when the room was retired meanwhile, to try again with a fresh one.</param>
    public (TResult Result, TRoom Room) Enter<TResult>(string roomId, Func<TRoom, TResult?> tryEnter) where TResult : struct
    {
        while (true)
        {
            var room = _rooms.GetOrAdd(roomId, static (id, self) => self._create(id, self), this);
            if (tryEnter(room) is { } result)
            {
                return (result, room);
            }
        }
    }

    public void CloseRoom(string roomId)
    {
        if (_rooms.TryGetValue(roomId, out var room))
        {
            room.Close();
        }
    }

    public void SendAwayWithoutKey(string roomId, string signalingKeyHash)
    {
        if (_rooms.TryGetValue(roomId, out var room))
        {
            room.SendAwayWithoutKey(signalingKeyHash);
        }
    }

    /// <summary>Called by a room under its own lock when it retires.</summary>
    public void Remove(TRoom room) => _rooms.TryRemove(KeyValuePair.Create(room.Id, room));
}
