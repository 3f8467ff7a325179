using System.Net;
using System.Net.WebSockets;
using System.Text;
using Hiroba.AccessKeys;
using Hiroba.Contracts.Signaling;
using Hiroba.Signaling.Connections;
using Hiroba.Signaling.RoomDirectory;
using Hiroba.Turn;

namespace Hiroba.Signaling.Calls;

/// <summary>One client of Hiroba's own protocol on <c>/ws/signaling</c> (docs/signaling-protocol.md).</summary>
public sealed partial class CallPeer : SignalingConnection
{
    private readonly PeerServices _services;
    private readonly LiveRooms<CallRoom> _rooms;
    private readonly ILogger<CallPeer> _logger;
    private readonly SignalingOptions _options;
    private readonly TokenBucket _rate;
    private readonly byte[] _fromSuffix;
    private long _lastReceived;
    private long _lastPing;
    private int _refusedInARow;
    private string? _presentedKey;
    private CallRoom? _room;

    private static readonly ValueTask<bool> GoOn = new(true);
    private static readonly ValueTask<bool> End = new(false);

    public CallPeer(PeerSocket socket, IPAddress clientAddress, PeerServices services, LiveRooms<CallRoom> rooms, ILogger<CallPeer> logger)
        : base(socket, clientAddress, services.Sweeper, services.TimeProvider, logger)
    {
        _services = services;
        _rooms = rooms;
        _logger = logger;
        _options = services.Options;
        _rate = new TokenBucket(_options.MessagesPerSecond, _options.MessageBurst, services.TimeProvider);
        Id = PeerIds.Create();
        // Appended in place of the closing brace of a relayed message; a client's own "from" is refused.
        _fromSuffix = Encoding.UTF8.GetBytes($",\"from\":\"{Id}\"}}");
        _lastReceived = _lastPing = ConnectedAt;
    }

    public string Id { get; }

    public string Name { get; private set; } = "";

    public void Send(byte[] message) => Socket.TrySend(message);

    /// <summary>Whether this peer presented the key with that hash when it joined.</summary>
    public bool Presented(string signalingKeyHash) => AccessKey.Matches(signalingKeyHash, _presentedKey);

    /// <summary>Sends an error and closes: used when the peer cannot go on (room full, closed, flooding…).</summary>
    public void Refuse(string code, string message, WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure)
    {
        Socket.TrySend(CallMessages.Error(code, message));
        Socket.Close(status, code);
    }

    protected override void OnTick(long now)
    {
        if (Since(Volatile.Read(ref _lastReceived), now) > _options.PeerTimeout)
        {
            // A silent peer is most likely gone, so it gets no close handshake to wait for.
            LogTimedOut(_logger, Id, _room?.Id);
            Socket.Abort();
        }
        else if (Since(_lastPing, now) >= _options.PingInterval)
        {
            _lastPing = now;
            Socket.TrySend(CallMessages.Ping);
        }
    }

    protected override string Describe() => $"Peer {Id} in room {_room?.Id}";

    protected override int MaxMessageBytes => _options.MaxMessageBytes;

    protected override void OnTooLarge()
    {
        LogRefused(_logger, Id, _room?.Id, CallErrorCodes.TooLarge, $"message over {_options.MaxMessageBytes} bytes");
        Refuse(CallErrorCodes.TooLarge, $"Messages are limited to {_options.MaxMessageBytes} bytes.", WebSocketCloseStatus.MessageTooBig);
    }

    protected override ValueTask<bool> OnMessage(ReadOnlySpan<byte> payload)
    {
        Volatile.Write(ref _lastReceived, TimeProvider.GetTimestamp());
        if (!_rate.TryTake())
        {
            if (++_refusedInARow >= _options.MaxRefusedInARow)
            {
                LogRefused(_logger, Id, _room?.Id, CallErrorCodes.RateLimited, "flooding; closing");
                Refuse(CallErrorCodes.RateLimited, "Too many messages; closing.", WebSocketCloseStatus.PolicyViolation);
                return End;
            }
            if (_refusedInARow == 1)
            {
                LogRefused(_logger, Id, _room?.Id, CallErrorCodes.RateLimited, "over the message rate");
                SendError(CallErrorCodes.RateLimited, $"At most {_options.MessagesPerSecond} messages per second; messages are being dropped.");
            }
            return GoOn;
        }
        _refusedInARow = 0;

        if (!ClientMessage.TryRead(payload, out var message, out var error))
        {
            LogRefused(_logger, Id, _room?.Id, CallErrorCodes.BadMessage, error);
            SendError(CallErrorCodes.BadMessage, error);
            return GoOn;
        }
        return Handle(message, payload);
    }

    protected override void OnDisconnected()
    {
        if (_room is { } room)
        {
            room.Leave(this);
            _services.Events.Publish(new PeerLeftIntegrationEvent(room.Id, Id));
            LogLeft(_logger, Id, room.Id);
        }
    }

    /// <returns>False when the connection must end.</returns>
    private ValueTask<bool> Handle(ClientMessage message, ReadOnlySpan<byte> payload)
    {
        switch (message.Type)
        {
            case ClientMessageType.Join:
                return JoinAsync(message);
            case ClientMessageType.Offer or ClientMessageType.Answer or ClientMessageType.Candidate:
                Relay(message, payload);
                return GoOn;
            case ClientMessageType.Leave:
                return End;
            default:
                return GoOn;
        }
    }

    private void Relay(ClientMessage message, ReadOnlySpan<byte> payload)
    {
        if (_room is not { } room)
        {
            LogRefused(_logger, Id, null, CallErrorCodes.NotJoined, $"{message.Type} before join");
            SendError(CallErrorCodes.NotJoined, "Join a room first.");
            return;
        }
        if (room.Find(message.To!) is not { } target || target == this)
        {
            LogRefused(_logger, Id, room.Id, CallErrorCodes.UnknownPeer, $"no peer '{message.To}' in the room");
            SendError(CallErrorCodes.UnknownPeer, $"There is no peer '{message.To}' in this room.");
            return;
        }
        target.Send(WithSender(payload));
    }

    /// <summary>The client's bytes as they are, with <c>"from"</c> added as the last member.</summary>
    private byte[] WithSender(ReadOnlySpan<byte> payload)
    {
        var end = payload.LastIndexOf((byte)'}');
        var forwarded = new byte[end + _fromSuffix.Length];
        payload[..end].CopyTo(forwarded);
        _fromSuffix.CopyTo(forwarded.AsSpan(end));
        return forwarded;
    }

    private ValueTask<bool> JoinAsync(ClientMessage message)
    {
        if (_room is not null)
        {
            LogRefused(_logger, Id, _room.Id, CallErrorCodes.AlreadyJoined, "second join");
            SendError(CallErrorCodes.AlreadyJoined, $"Already in room '{_room.Id}'; open another connection for another room.");
            return GoOn;
        }
        var roomId = message.Room!;
        if (_services.Limits.TryJoin(ClientAddress) is { } retryAfter)
        {
            return new(Refused(roomId, CallErrorCodes.TooManyJoins,
                $"Too many joins from your address; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s."));
        }
        var decision = _services.KnownRooms.Decide(roomId, message.Key);
        return decision.Refusal == JoinRefusal.DirectoryIncomplete
            ? WaitForDirectoryThenJoinAsync(message)
            : new(Join(message, decision));
    }

    private async ValueTask<bool> WaitForDirectoryThenJoinAsync(ClientMessage message) =>
        Join(message, await _services.KnownRooms.DecideWhenKnownAsync(message.Room!, message.Key, Stopping));

    /// <param name="decision">Decided before entering; the room decides again under its lock.</param>
    private bool Join(ClientMessage message, JoinDecision decision)
    {
        var roomId = message.Room!;
        if (decision.Policy is null)
        {
            return Refused(roomId, decision.Refusal);
        }

        Name = message.Name!;
        _presentedKey = message.Key;
        var iceServers = _services.IceServers.Create(Id).IceServers;
        var ((result, admitted), room) = _rooms.Enter(roomId, room => room.TryJoin(
            this,
            () => _services.KnownRooms.Decide(roomId, message.Key),
            () => _services.Limits.TryOpenAdHocRoom(ClientAddress),
            peers => CallMessages.Welcome(Id, room.Id, peers, iceServers)));
        switch (result)
        {
            case JoinResult.Refused:
                return Refused(roomId, admitted.Refusal);
            case JoinResult.Full:
                return Refused(roomId, CallErrorCodes.RoomFull, $"Room '{roomId}' is full ({admitted.Policy!.Capacity} peers).");
        }

        var policy = admitted.Policy!;
        _room = room;
        _services.Events.Publish(new PeerJoinedIntegrationEvent(room.Id, Id, Name, ClientKind.Hiroba, policy.Kind, policy.Capacity));
        LogJoined(_logger, Id, room.Id, room.Peers.Count);
        return true;
    }

    /// <returns>False: the connection ends.</returns>
    private bool Refused(string roomId, JoinRefusal refusal)
    {
        var (code, text) = refusal switch
        {
            JoinRefusal.RoomClosed => (CallErrorCodes.RoomClosed, $"Room '{roomId}' is closed."),
            JoinRefusal.InvalidKey => (CallErrorCodes.InvalidKey, $"Room '{roomId}' needs its signaling key."),
            JoinRefusal.TooManyRooms => (CallErrorCodes.TooManyRooms,
                $"Your address has {_options.AdHocRoomsPerAddress} rooms open already; join one of them, or try again when one has ended."),
            JoinRefusal.DirectoryIncomplete => (CallErrorCodes.DirectoryUnavailable,
                "The server does not know its rooms yet (it has just started); try again in a moment."),
            _ => (CallErrorCodes.UnknownRoom, $"There is no room '{roomId}'."),
        };
        return Refused(roomId, code, text);
    }

    private bool Refused(string roomId, string code, string text)
    {
        LogRefused(_logger, Id, roomId, code, text);
        Refuse(code, text);
        return false;
    }

    private void SendError(string code, string message) => Socket.TrySend(CallMessages.Error(code, message));

    [LoggerMessage(LogLevel.Information, "Peer {PeerId} joined room {RoomId} ({Count} peers)")]
    private static partial void LogJoined(ILogger logger, string peerId, string roomId, int count);

    [LoggerMessage(LogLevel.Information, "Peer {PeerId} left room {RoomId}")]
    private static partial void LogLeft(ILogger logger, string peerId, string roomId);

    [LoggerMessage(LogLevel.Warning, "Peer {PeerId} in room {RoomId}: {Code}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string peerId, string? roomId, string code, string reason);

    [LoggerMessage(LogLevel.Information, "Peer {PeerId} in room {RoomId} timed out")]
    private static partial void LogTimedOut(ILogger logger, string peerId, string? roomId);
}
