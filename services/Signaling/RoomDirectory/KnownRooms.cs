using System.Collections.Concurrent;
using Hiroba.Contracts.Rooms;
using Microsoft.Extensions.Options;

namespace Hiroba.Signaling.RoomDirectory;

/// <summary>
/// The rooms Signaling has heard of from Rooms, without ever calling it. An unknown room is an ad-hoc call room
/// (unless <c>Signaling:AdHocRooms</c> is off); Rooms corrects us if it knows better (see docs/rooms.md).
/// </summary>
public sealed class KnownRooms(IOptions<SignalingOptions> options)
{
    private readonly ConcurrentDictionary<string, RoomPolicy> _open = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _closed = new(StringComparer.OrdinalIgnoreCase);

    public RoomPolicy AdHocCallPolicy { get; } = new(RoomKind.Call, options.Value.CallRoomCapacity, SignalingKeyHash: null);

    public void Opened(string roomId, RoomPolicy policy)
    {
        _closed.TryRemove(roomId, out _);
        _open[roomId] = policy;
    }

    public void Closed(string roomId)
    {
        _closed[roomId] = 0;
        _open.TryRemove(roomId, out _);
    }

    /// <param name="presentedKey">The signaling key the peer sent, if any.</param>
    public JoinDecision Decide(string roomId, string? presentedKey)
    {
        if (_closed.ContainsKey(roomId))
        {
            return JoinDecision.Refuse(JoinRefusal.RoomClosed);
        }
        if (!_open.TryGetValue(roomId, out var policy))
        {
            return options.Value.AdHocRooms ? JoinDecision.Allow(AdHocCallPolicy) : JoinDecision.Refuse(JoinRefusal.UnknownRoom);
        }
        if (policy.SignalingKeyHash is not null && !RoomSecrets.Matches(policy.SignalingKeyHash, presentedKey))
        {
            return JoinDecision.Refuse(JoinRefusal.InvalidKey);
        }
        return JoinDecision.Allow(policy);
    }
}
