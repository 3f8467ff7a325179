using System.Net;
using Hiroba.Contracts.Rooms;
using Hiroba.Signaling.Ayame;
using Hiroba.Signaling.Calls;
using Microsoft.Extensions.Options;

namespace Hiroba.Signaling.Connections;

/// <summary>The two protocols' endpoints: how a connection of each is made, and which room a first message joins.</summary>
public sealed class SignalingEndpoints(
    PeerServices services, LiveRooms<CallRoom> callRooms, LiveRooms<AyameRoom> ayameRooms, ILoggerFactory loggers,
    IOptions<SignalingOptions> options)
{
    /// <summary>Hiroba's own protocol (docs/signaling-protocol.md).</summary>
    public const string Calls = "/ws/signaling";

    /// <summary>The Ayame-compatible endpoint.</summary>
    public const string Ayame = "/signaling";

    public SignalingConnection Create(string endpoint, PeerSocket socket, IPAddress clientAddress) => endpoint switch
    {
        Calls => new CallPeer(socket, clientAddress, services, callRooms, loggers.CreateLogger<CallPeer>()),
        Ayame => new AyamePeer(socket, clientAddress, services, ayameRooms, loggers.CreateLogger<AyamePeer>()),
        _ => throw new ArgumentException($"'{endpoint}' is no signaling endpoint.", nameof(endpoint)),
    };

    /// <summary>How long a client of <paramref name="endpoint"/> may stay silent before it is cut.</summary>
    public TimeSpan SilenceTimeout(string endpoint) => endpoint == Calls ? options.Value.PeerTimeout : options.Value.Ayame.ReadTimeout;

    /// <summary>The largest message a client of <paramref name="endpoint"/> may send.</summary>
    public int MaxMessageBytes(string endpoint) => endpoint == Calls ? options.Value.MaxMessageBytes : AyamePeer.ReadLimitBytes;

    /// <summary>The room <paramref name="message"/> joins, when it is a well-formed join (register); null for anything else.</summary>
    public static string? RoomJoinedBy(string endpoint, ReadOnlySpan<byte> message) => endpoint switch
    {
        Calls when ClientMessage.TryRead(message, out var call, out _) && call.Type == ClientMessageType.Join => call.Room,
        Ayame when AyameClientMessage.TryRead(message, out var ayame, out _) && ayame.Type == AyameMessageType.Register
            && RoomIds.IsValid(ayame.RoomId) => ayame.RoomId,
        _ => null,
    };
}
