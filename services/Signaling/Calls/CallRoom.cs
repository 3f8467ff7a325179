using Hiroba.Signaling.Connections;
using Hiroba.Signaling.RoomDirectory;

namespace Hiroba.Signaling.Calls;

public enum JoinResult
{
    /// <summary>In, under the decision's policy.</summary>
    Joined,

    /// <summary>The room has the capacity of the decision's policy.</summary>
    Full,

    /// <summary>Not admitted: the decision's refusal says why.</summary>
    Refused,
}

/// <summary>
/// The peers of one room. Membership changes take the room's own lock (and queue their notifications under it,
/// so every peer sees joins and leaves in one order); relaying reads an immutable snapshot without locking.
/// </summary>
public sealed class CallRoom(string id, LiveRooms<CallRoom> registry) : ILiveRoom
{
    private readonly Lock _gate = new();
    private CallPeer[] _peers = [];
    private IDisposable? _adHocPlace;
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

    /// <param name="decide">Decides under the room's lock, so that an announcement of the room's key either comes
    /// before (and is applied) or finds the newcomer in the room (and sends it away).</param>
    /// <param name="openAdHoc">The place of a new ad-hoc room in its first peer's per-address limit; null when full.</param>
    /// <param name="welcome">Builds the newcomer's welcome from the peers already in the room.</param>
    /// <returns>Null when the room retired meanwhile.</returns>
    public (JoinResult Result, JoinDecision Decision)? TryJoin(
        CallPeer newcomer, Func<JoinDecision> decide, Func<IDisposable?> openAdHoc, Func<IReadOnlyList<CallPeer>, byte[]> welcome)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return null;
            }
            var decision = _closed ? JoinDecision.Refuse(JoinRefusal.RoomClosed) : decide();
            if (decision.Policy is not { } policy)
            {
                RetireIfEmpty();
                return (JoinResult.Refused, decision);
            }
            if (_peers.Length >= policy.Capacity)
            {
                return (JoinResult.Full, decision);
            }
            if (_peers.Length == 0 && policy.AdHoc && (_adHocPlace = openAdHoc()) is null)
            {
                RetireIfEmpty();
                return (JoinResult.Refused, JoinDecision.Refuse(JoinRefusal.TooManyRooms));
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
            return (JoinResult.Joined, decision);
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
            RetireIfEmpty();
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

    /// <summary>Under the lock: an empty room leaves the registry for good (a later join makes a fresh one).</summary>
    private void RetireIfEmpty()
    {
        if (_peers.Length == 0)
        {
            _retired = true;
            registry.Remove(this);
            _adHocPlace?.Dispose();
        }
    }

    /// <summary>Peers that did not present the room's key get <c>invalid-key</c> and are disconnected; they leave as they go.</summary>
    public void SendAwayWithoutKey(string signalingKeyHash)
    {
        lock (_gate)
        {
            foreach (var peer in _peers.Where(peer => !peer.Presented(signalingKeyHash)))
            {
                peer.Refuse(CallErrorCodes.InvalidKey, $"Room '{id}' needs its signaling key.");
            }
        }
    }
}
