using System.Net;
using System.Net.WebSockets;
using Hiroba.AccessKeys;
using Hiroba.Contracts.Rooms;
using Hiroba.Contracts.Signaling;
using Hiroba.Signaling.Connections;
using Hiroba.Signaling.RoomDirectory;
using Hiroba.Turn;

namespace Hiroba.Signaling.Ayame;

/// <summary>
/// One client of the Ayame-compatible endpoint <c>/signaling</c>, behaving as Ayame's <c>connection.go</c>
/// (protocols.md §1): timers from connect time, a single register, verbatim relay, close on anything unexpected.
/// </summary>
public sealed partial class AyamePeer : SignalingConnection
{
    /// <summary>Ayame's <c>readLimit</c>.</summary>
    public const int ReadLimitBytes = 1024 * 1024;

    private readonly PeerServices _services;
    private readonly LiveRooms<AyameRoom> _rooms;
    private readonly ILogger<AyamePeer> _logger;
    private readonly AyameOptions _timers;
    private long _lastFrame;
    private long _lastPong;
    private long _lastPing;
    private string? _presentedKey;
    private AyameRoom? _room;

    private static readonly ValueTask<bool> GoOn = new(true);
    private static readonly ValueTask<bool> End = new(false);

    public AyamePeer(PeerSocket socket, IPAddress clientAddress, PeerServices services, LiveRooms<AyameRoom> rooms, ILogger<AyamePeer> logger)
        : base(socket, clientAddress, services.Sweeper, services.TimeProvider, logger)
    {
        _services = services;
        _rooms = rooms;
        _logger = logger;
        _timers = services.Options.Ayame;
        ConnectionId = Ulid.Create(services.TimeProvider.GetUtcNow());
        _lastFrame = _lastPong = _lastPing = ConnectedAt;
    }

    public string ConnectionId { get; }

    public void Send(byte[] message) => Socket.TrySend(message);

    public void Close(WebSocketCloseStatus status) => Socket.Close(status, "");

    /// <summary>Whether this peer presented the key with that hash when it registered.</summary>
    public bool Presented(string signalingKeyHash) => AccessKey.Matches(signalingKeyHash, _presentedKey);

    protected override void OnTick(long now)
    {
        if (Since(Volatile.Read(ref _lastFrame), now) > _timers.ReadTimeout)
        {
            LogClosing(_logger, ConnectionId, _room?.Id, "ReadTimeout");
            Socket.Abort();
        }
        else if (Since(Volatile.Read(ref _lastPong), now) > _timers.PongTimeout)
        {
            LogClosing(_logger, ConnectionId, _room?.Id, "PongTimeout");
            Socket.Abort();
        }
        else if (Since(_lastPing, now) >= _timers.PingInterval)
        {
            _lastPing = now;
            Socket.TrySend(AyameMessages.Ping);
        }
    }

    protected override string Describe() => $"Ayame connection {ConnectionId} in room {_room?.Id}";

    protected override int MaxMessageBytes => ReadLimitBytes;

    protected override void OnTooLarge() => CloseFor("ReadLimitExceeded", WebSocketCloseStatus.MessageTooBig);

    protected override ValueTask<bool> OnMessage(ReadOnlySpan<byte> payload)
    {
        var now = TimeProvider.GetTimestamp();
        Volatile.Write(ref _lastFrame, now);
        if (!AyameClientMessage.TryRead(payload, out var message, out var error) || message.Type == AyameMessageType.Unknown)
        {
            CloseFor(error, WebSocketCloseStatus.InvalidPayloadData);
            return End;
        }
        switch (message.Type)
        {
            case AyameMessageType.Pong:
                Volatile.Write(ref _lastPong, now);
                return GoOn;
            case AyameMessageType.Register when _room is not null:
                CloseFor("InternalServerError: register twice on one connection", WebSocketCloseStatus.PolicyViolation);
                return End;
            case AyameMessageType.Register:
                return RegisterAsync(message);
            case AyameMessageType.Offer or AyameMessageType.Answer or AyameMessageType.Candidate when _room is null:
                CloseFor("RegistrationIncomplete", WebSocketCloseStatus.PolicyViolation);
                return End;
            case AyameMessageType.Offer or AyameMessageType.Answer or AyameMessageType.Candidate:
                _room!.Forward(this, payload.ToArray());
                return GoOn;
            default:
                // "connected" acts only in standalone mode; a normal registered client may send it and it is ignored.
                return GoOn;
        }
    }

    protected override void OnDisconnected()
    {
        if (_room is { } room)
        {
            room.Leave(this);
            _services.Events.Publish(new PeerLeftIntegrationEvent(room.Id, ConnectionId));
            LogLeft(_logger, ConnectionId, room.Id);
        }
    }

    /// <returns>False when the connection must end.</returns>
    private ValueTask<bool> RegisterAsync(AyameClientMessage message)
    {
        if (string.IsNullOrEmpty(message.RoomId))
        {
            CloseFor("MissingRoomID", WebSocketCloseStatus.PolicyViolation);
            return End;
        }
        var roomId = message.RoomId;
        if (!RoomIds.IsValid(roomId))
        {
            return new(Reject(AyameRejectReasons.InvalidRoomId, roomId));
        }
        if (_services.Limits.TryJoin(ClientAddress) is not null)
        {
            return new(Reject(AyameRejectReasons.TooManyJoins, roomId));
        }
        var decision = _services.KnownRooms.Decide(roomId, message.SignalingKey);
        return decision.Refusal == JoinRefusal.DirectoryIncomplete
            ? WaitForDirectoryThenRegisterAsync(message)
            : new(Register(message, decision));
    }

    private async ValueTask<bool> WaitForDirectoryThenRegisterAsync(AyameClientMessage message) =>
        Register(message, await _services.KnownRooms.DecideWhenKnownAsync(message.RoomId!, message.SignalingKey, Stopping));

    /// <param name="decision">Decided before entering; the room decides again under its lock.</param>
    private bool Register(AyameClientMessage message, JoinDecision decision)
    {
        var roomId = message.RoomId!;
        if (decision.Policy is null)
        {
            return Reject(decision.Refusal, roomId);
        }

        _presentedKey = message.SignalingKey;
        var iceServers = _services.IceServers.Create(ConnectionId).IceServers;
        var ((result, admitted), room) = _rooms.Enter(roomId, room => room.TryRegister(
            this,
            () => _services.KnownRooms.Decide(roomId, message.SignalingKey),
            () => _services.Limits.TryOpenAdHocRoom(ClientAddress),
            isExistClient => AyameMessages.Accept(ConnectionId, isExistClient, iceServers),
            message.AsMediaServer));
        switch (result)
        {
            case AyameRegisterResult.Refused:
                return Reject(admitted.Refusal, roomId);
            case AyameRegisterResult.Full:
                return Reject(AyameRejectReasons.Full, roomId);
        }

        var policy = admitted.Policy!;
        _room = room;
        var clientId = message.ClientId is { Length: > 0 } id ? id[..Math.Min(id.Length, AyameClientMessage.MaxClientIdLength)] : ConnectionId;
        var displayName = clientId[..Math.Min(clientId.Length, 64)];
        _services.Events.Publish(new PeerJoinedIntegrationEvent(room.Id, ConnectionId, displayName, ClientKind.Ayame, policy.Kind, policy.Capacity));
        LogRegistered(_logger, ConnectionId, clientId, room.Id, result == AyameRegisterResult.Two);
        return true;
    }

    private bool Reject(JoinRefusal refusal, string roomId) => Reject(refusal switch
    {
        JoinRefusal.RoomClosed => AyameRejectReasons.RoomClosed,
        JoinRefusal.InvalidKey => AyameRejectReasons.InvalidSignalingKey,
        JoinRefusal.TooManyRooms => AyameRejectReasons.TooManyRooms,
        JoinRefusal.DirectoryIncomplete => AyameRejectReasons.RoomDirectoryUnavailable,
        _ => AyameRejectReasons.UnknownRoom,
    }, roomId);

    private bool Reject(string reason, string roomId)
    {
        LogRejected(_logger, ConnectionId, roomId, reason);
        Socket.TrySend(AyameMessages.Reject(reason));
        Socket.Close(WebSocketCloseStatus.NormalClosure, "");
        return false;
    }

    private void CloseFor(string reason, WebSocketCloseStatus status)
    {
        LogClosing(_logger, ConnectionId, _room?.Id, reason);
        Socket.Close(status, "");
    }

    [LoggerMessage(LogLevel.Information, "Ayame connection {ConnectionId} ({ClientId}) registered in room {RoomId} (isExistClient {IsExistClient})")]
    private static partial void LogRegistered(ILogger logger, string connectionId, string clientId, string roomId, bool isExistClient);

    [LoggerMessage(LogLevel.Warning, "Ayame connection {ConnectionId} rejected from room {RoomId}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string connectionId, string roomId, string reason);

    [LoggerMessage(LogLevel.Warning, "Ayame connection {ConnectionId} in room {RoomId} closed: {Reason}")]
    private static partial void LogClosing(ILogger logger, string connectionId, string? roomId, string reason);

    [LoggerMessage(LogLevel.Information, "Ayame connection {ConnectionId} left room {RoomId}")]
    private static partial void LogLeft(ILogger logger, string connectionId, string roomId);
}
