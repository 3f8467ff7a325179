using Hiroba.Signaling.Connections;

namespace Hiroba.Signaling.Calls;

public enum JoinResult
{
    Joined,
    Full,
    Closed,
}

/// <summary>
/// The peers of one room. Membership changes take the room's own lock (and queue their notifications under it,
/// so every peer sees joins and leaves in one order); relaying reads an immutable snapshot without locking.
/// </summary>
public sealed class CallRoom(string id, LiveRooms<CallRoom> registry) : ILiveRoom
{
    private readonly Lock _gate = new();
    private CallPeer[] _peers = [];
    private bool _retired;
    private bool _closed;

    public string Id => id;

    public IReadOnlyList<CallPeer> Peers => Volatile.Read(ref _peers);

    public CallPeer? Find(string peerId)
    {
        foreach (var peer in Volatile.Read(ref _peers))
        {
            if (string.Equals(peer.Id, peerId, StringComparison.Ordinal))
            {
                return peer;
            }
        }
        return null;
    }

    /// <param name="welcome">Builds the newcomer's welcome from the peers already in the room.</param>
    /// <returns>Null when the room retired meanwhile.</returns>
    public JoinResult? TryJoin(CallPeer newcomer, int capacity, Func<IReadOnlyList<CallPeer>, byte[]> welcome)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return null;
            }
            if (_closed)
            {
                return JoinResult.Closed;
            }
            if (_peers.Length >= capacity)
            {
                return JoinResult.Full;
            }

            // The newcomer becomes addressable before anyone hears of it: a peer that offers the moment
            // peer-joined arrives must find it. Nobody knows its id before then, so nothing overtakes the welcome.
            var others = _peers;
            Volatile.Write(ref _peers, [.. others, newcomer]);
            newcomer.Send(welcome(others));
            var joined = CallMessages.PeerJoined(newcomer);
            foreach (var peer in others)
            {
                peer.Send(joined);
            }
            return JoinResult.Joined;
        }
    }

    public void Leave(CallPeer leaving)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_peers, leaving) < 0)
            {
                return;
            }
            Volatile.Write(ref _peers, _peers.Where(peer => peer != leaving).ToArray());
            var left = CallMessages.PeerLeft(leaving);
            foreach (var peer in _peers)
            {
                peer.Send(left);
            }
            if (_peers.Length == 0)
            {
                _retired = true;
                registry.Remove(this);
            }
        }
    }

    /// <summary>The room was closed by Rooms: everyone gets <c>room-closed</c> and is disconnected.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var peer in _peers)
            {
                peer.Refuse(CallErrorCodes.RoomClosed, $"Room '{id}' was closed.");
            }
        }
    }
}
