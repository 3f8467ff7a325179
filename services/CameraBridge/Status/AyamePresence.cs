using Hiroba.CameraBridge.Data;

namespace Hiroba.CameraBridge.Status;

/// <summary>
/// Who is in which room of Signaling's Ayame endpoint, from <c>signaling.peer-joined</c> (client kind Ayame) and
/// <c>signaling.peer-left</c>, kept in the database so a restarted bridge still knows a Momo that stayed connected.
/// Events may arrive twice or out of order: a peer that left is remembered, so its late join is ignored.
/// </summary>
public sealed partial class AyamePresence(IAyamePeerRepository repository, TimeProvider timeProvider, ILogger<AyamePresence> logger)
{
    private const int RememberedDepartures = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _rooms = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> _emptiedAt = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _departed = [];
    private readonly Queue<string> _departureOrder = new();

    public event Action? Changed;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var peers = await repository.ListAsync(cancellationToken);
        lock (_gate)
        {
            foreach (var peer in peers)
            {
                Room(peer.RoomId)[peer.PeerId] = peer.JoinedAt;
            }
        }
        // No Changed here: it runs at start-up, before the registry loads, whose own Changed evaluates everything.
    }

    /// <summary>How many peers are in the room, and when it last became empty (null: not since the bridge started).</summary>
    public (int Peers, DateTimeOffset? EmptiedAt) In(string roomId)
    {
        lock (_gate)
        {
            return (_rooms.TryGetValue(roomId, out var peers) ? peers.Count : 0, _emptiedAt.TryGetValue(roomId, out var at) ? at : null);
        }
    }

    public async Task JoinedAsync(AyamePeer peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_gate)
        {
            if (_departed.Contains(peer.PeerId) || !Room(peer.RoomId).TryAdd(peer.PeerId, peer.JoinedAt))
            {
                return;
            }
        }
        await repository.AddAsync(peer, cancellationToken);
        LogJoined(logger, peer.PeerId, peer.RoomId);
        Changed?.Invoke();
    }

    public async Task LeftAsync(string roomId, string peerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            RememberDeparture(peerId);
            if (!_rooms.TryGetValue(roomId, out var peers) || !peers.Remove(peerId))
            {
                return;
            }
            if (peers.Count == 0)
            {
                _rooms.Remove(roomId);
                _emptiedAt[roomId] = timeProvider.GetUtcNow();
            }
        }
        await repository.RemoveAsync(roomId, peerId, cancellationToken);
        LogLeft(logger, peerId, roomId);
        Changed?.Invoke();
    }

    /// <summary>A Signaling instance started at <paramref name="startedAt"/>: every connection that joined before is gone.</summary>
    public async Task SignalingStartedAsync(DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var removed = 0;
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            foreach (var (roomId, peers) in _rooms.ToArray())
            {
                foreach (var (peerId, _) in peers.Where(peer => peer.Value < startedAt).ToArray())
                {
                    peers.Remove(peerId);
                    removed++;
                }
                if (peers.Count == 0)
                {
                    _rooms.Remove(roomId);
                    _emptiedAt[roomId] = now;
                }
            }
        }
        await repository.RemoveJoinedBeforeAsync(startedAt, cancellationToken);
        if (removed > 0)
        {
            LogForgotten(logger, removed);
            Changed?.Invoke();
        }
    }

    private Dictionary<string, DateTimeOffset> Room(string roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var peers))
        {
            _rooms[roomId] = peers = [];
            _emptiedAt.Remove(roomId);
        }
        return peers;
    }

    private void RememberDeparture(string peerId)
    {
        if (!_departed.Add(peerId))
        {
            return;
        }
        _departureOrder.Enqueue(peerId);
        if (_departureOrder.Count > RememberedDepartures)
        {
            _departed.Remove(_departureOrder.Dequeue());
        }
    }

    [LoggerMessage(LogLevel.Information, "Ayame peer {PeerId} is in room {RoomId}")]
    private static partial void LogJoined(ILogger logger, string peerId, string roomId);

    [LoggerMessage(LogLevel.Information, "Ayame peer {PeerId} left room {RoomId}")]
    private static partial void LogLeft(ILogger logger, string peerId, string roomId);

    [LoggerMessage(LogLevel.Information, "Signaling restarted: {Count} Ayame peers from before are gone")]
    private static partial void LogForgotten(ILogger logger, int count);
}
