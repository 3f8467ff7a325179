using System.Net.WebSockets;
using Hiroba.Contracts.Rooms;
using Hiroba.Signaling.Connections;
using Hiroba.Signaling.RoomDirectory;

namespace Hiroba.Signaling.Ayame;

public enum AyameRegisterResult
{
    /// <summary>First in the room: <c>isExistClient</c> false, waits for an offer.</summary>
    One,

    /// <summary>Second: <c>isExistClient</c> true, sends the offer.</summary>
    Two,

    Full,

    /// <summary>Not admitted: the decision's refusal says why.</summary>
    Refused,
}

/// <summary>
/// An Ayame room: at most two peers, torn down as a whole when either leaves (the other gets <c>bye</c> and a
/// 1000 close), exactly as Ayame's <c>room.go</c>. One addition for shared cameras: a media server (the camera bridge
/// publishing into Janus) takes the first seat of a camera room from the peer waiting there alone.
/// </summary>
public sealed class AyameRoom(string id, LiveRooms<AyameRoom> registry) : ILiveRoom
{
    private readonly Lock _gate = new();
    private AyamePeer? _first;
    private AyamePeer? _second;
    private IDisposable? _adHocPlace;
    private bool _retired;

    public string Id => id;

    /// <param name="decide">Decides under the room's lock (see <see cref="Calls.CallRoom.TryJoin"/>).</param>
    /// <param name="openAdHoc">The place of a new ad-hoc room in its first peer's per-address limit; null when full.</param>
    /// <param name="accept">Builds the accept for <c>isExistClient</c>; queued under the lock so it precedes any relayed message.</param>
    /// <param name="asMediaServer">
    /// In a camera room where one peer waits alone (Momo), that peer gets <c>bye</c> and a close and this one takes the
    /// first seat: Momo registers again at once, is admitted second, and offers, which a media server needs (Janus
    /// answers a publisher's offer; Momo offers only as the second peer). Elsewhere it registers as any peer.
    /// </param>
    /// <returns>Null when the room was torn down meanwhile.</returns>
    public (AyameRegisterResult Result, JoinDecision Decision)? TryRegister(
        AyamePeer peer, Func<JoinDecision> decide, Func<IDisposable?> openAdHoc, Func<bool, byte[]> accept, bool asMediaServer = false)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return null;
            }
            var decision = decide();
            if (decision.Policy is not { } policy)
            {
                RetireIfEmpty();
                return (AyameRegisterResult.Refused, decision);
            }
            if (_first is null)
            {
                if (policy.AdHoc && (_adHocPlace = openAdHoc()) is null)
                {
                    RetireIfEmpty();
                    return (AyameRegisterResult.Refused, JoinDecision.Refuse(JoinRefusal.TooManyRooms));
                }
                peer.Send(accept(false));
                Volatile.Write(ref _first, peer);
                return (AyameRegisterResult.One, decision);
            }
            if (_second is null && asMediaServer && policy.Kind == RoomKind.Camera)
            {
                var waiting = _first;
                peer.Send(accept(false));
                Volatile.Write(ref _first, peer);
                waiting.Send(AyameMessages.Bye);
                waiting.Close(WebSocketCloseStatus.NormalClosure);
                return (AyameRegisterResult.One, decision);
            }
            if (_second is null)
            {
                peer.Send(accept(true));
                Volatile.Write(ref _second, peer);
                return (AyameRegisterResult.Two, decision);
            }
            return (AyameRegisterResult.Full, decision);
        }
    }

    /// <summary>Sends the exact bytes to the other peer; dropped while the sender is alone or no longer in the room.</summary>
    public void Forward(AyamePeer from, byte[] message)
    {
        var (first, second) = (Volatile.Read(ref _first), Volatile.Read(ref _second));
        var other = first == from ? second : second == from ? first : null;
        other?.Send(message);
    }

    /// <summary>A peer's leaving ends the room; a peer whose seat a media server took has left it already.</summary>
    public void Leave(AyamePeer leaving)
    {
        lock (_gate)
        {
            if (leaving == _first || leaving == _second)
            {
                TearDownLocked(except: leaving);
            }
        }
    }

    /// <summary>The room was closed by Rooms: both peers get <c>bye</c>.</summary>
    public void Close() => TearDown(except: null);

    /// <summary>A peer that did not present the room's key ends the room, as its leaving would: both get <c>bye</c>.</summary>
    public void SendAwayWithoutKey(string signalingKeyHash)
    {
        lock (_gate)
        {
            if (_first?.Presented(signalingKeyHash) == false || _second?.Presented(signalingKeyHash) == false)
            {
                TearDownLocked(except: null);
            }
        }
    }

    /// <summary>Under the lock: a room nobody registered in leaves the registry for good.</summary>
    private void RetireIfEmpty()
    {
        if (_first is null)
        {
            _retired = true;
            registry.Remove(this);
        }
    }

    private void TearDown(AyamePeer? except)
    {
        lock (_gate)
        {
            TearDownLocked(except);
        }
    }

    private void TearDownLocked(AyamePeer? except)
    {
        if (_retired)
        {
            return;
        }
        _retired = true;
        registry.Remove(this);
        _adHocPlace?.Dispose();
        foreach (var peer in new[] { _first, _second })
        {
            if (peer is not null && peer != except)
            {
                peer.Send(AyameMessages.Bye);
                peer.Close(WebSocketCloseStatus.NormalClosure);
            }
        }
    }
}
