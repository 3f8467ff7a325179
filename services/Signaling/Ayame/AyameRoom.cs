using System.Net.WebSockets;
using Hiroba.Signaling.Connections;

namespace Hiroba.Signaling.Ayame;

public enum AyameRegisterResult
{
    /// <summary>First in the room: <c>isExistClient</c> false, waits for an offer.</summary>
    One,

    /// <summary>Second: <c>isExistClient</c> true, sends the offer.</summary>
    Two,

    Full,
}

/// <summary>
/// An Ayame room: at most two peers, torn down as a whole when either leaves (the other gets <c>bye</c> and a
/// 1000 close), exactly as Ayame's <c>room.go</c>.
/// </summary>
public sealed class AyameRoom(string id, LiveRooms<AyameRoom> registry) : ILiveRoom
{
    private readonly Lock _gate = new();
    private AyamePeer? _first;
    private AyamePeer? _second;
    private bool _retired;

    public string Id => id;

    /// <param name="accept">Builds the accept for <c>isExistClient</c>; queued under the lock so it precedes any relayed message.</param>
    /// <returns>Null when the room was torn down meanwhile.</returns>
    public AyameRegisterResult? TryRegister(AyamePeer peer, Func<bool, byte[]> accept)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return null;
            }
            if (_first is null)
            {
                peer.Send(accept(false));
                Volatile.Write(ref _first, peer);
                return AyameRegisterResult.One;
            }
            if (_second is null)
            {
                peer.Send(accept(true));
                Volatile.Write(ref _second, peer);
                return AyameRegisterResult.Two;
            }
            return AyameRegisterResult.Full;
        }
    }

    /// <summary>Sends the exact bytes to the other peer; dropped while the sender is alone.</summary>
    public void Forward(AyamePeer from, byte[] message)
    {
        var first = Volatile.Read(ref _first);
        var other = first == from ? Volatile.Read(ref _second) : first;
        if (other is not null && other != from)
        {
            other.Send(message);
        }
    }

    public void Leave(AyamePeer leaving) => TearDown(except: leaving);

    /// <summary>The room was closed by Rooms: both peers get <c>bye</c>.</summary>
    public void Close() => TearDown(except: null);

    private void TearDown(AyamePeer? except)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return;
            }
            _retired = true;
            registry.Remove(this);
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
}
