using System.Collections.Concurrent;
using Hiroba.AccessKeys;
using Hiroba.Contracts.Rooms;
using Microsoft.Extensions.Options;

namespace Hiroba.Signaling.RoomDirectory;

/// <summary>
/// The rooms Signaling has heard of from Rooms, without ever calling it (see docs/rooms.md). A room it does not know
/// is an ad-hoc call room (unless <c>Signaling:AdHocRooms</c> is off), but only once the directory is complete, that
/// is once Rooms has answered this instance's sync request: before that, an unknown room may be one with a key whose
/// announcement has not arrived, so a join waits for the answer and is refused if it does not come.
/// </summary>
public sealed class KnownRooms(IOptions<SignalingOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, RoomPolicy> _open = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _closed = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RoomPolicy AdHocCallPolicy { get; } = new(RoomKind.Call, options.Value.CallRoomCapacity, SignalingKeyHash: null, AdHoc: true);

    /// <summary>Rooms has announced every open room to this instance.</summary>
    public bool IsComplete => _complete.Task.IsCompleted;

    /// <summary>Learns a room Rooms created. A room closed for good stays closed: Rooms never reopens one.</summary>
    public void Opened(string roomId, RoomPolicy policy)
    {
        if (!_closed.ContainsKey(roomId))
        {
            _open[roomId] = policy;
        }
    }

    public void Closed(string roomId)
    {
        _closed[roomId] = 0;
        _open.TryRemove(roomId, out _);
    }

    public void Completed() => _complete.TrySetResult();

    /// <param name="presentedKey">The signaling key the peer sent, if any.</param>
    public JoinDecision Decide(string roomId, string? presentedKey)
    {
        if (_closed.ContainsKey(roomId))
        {
            return JoinDecision.Refuse(JoinRefusal.RoomClosed);
        }
        if (!_open.TryGetValue(roomId, out var policy))
        {
            return !IsComplete ? JoinDecision.Refuse(JoinRefusal.DirectoryIncomplete)
                : options.Value.AdHocRooms ? JoinDecision.Allow(AdHocCallPolicy)
                : JoinDecision.Refuse(JoinRefusal.UnknownRoom);
        }
        if (policy.SignalingKeyHash is not null && !AccessKey.Matches(policy.SignalingKeyHash, presentedKey))
        {
            return JoinDecision.Refuse(JoinRefusal.InvalidKey);
        }
        return JoinDecision.Allow(policy);
    }

    /// <summary>
    /// <see cref="Decide"/>, but an unknown room while the directory is incomplete waits for it, up to
    /// <c>Signaling:DirectoryWait</c>; then it is refused with <see cref="JoinRefusal.DirectoryIncomplete"/>.
    /// </summary>
    public async ValueTask<JoinDecision> DecideWhenKnownAsync(string roomId, string? presentedKey, CancellationToken cancellationToken)
    {
        var decision = Decide(roomId, presentedKey);
        if (decision.Refusal == JoinRefusal.DirectoryIncomplete)
        {
            await WaitCompleteAsync(options.Value.DirectoryWait, cancellationToken);
            decision = Decide(roomId, presentedKey);
        }
        return decision;
    }

    /// <summary>Waits until the directory is complete, or for <paramref name="timeout"/>; true when complete.</summary>
    public async Task<bool> WaitCompleteAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _complete.Task.WaitAsync(timeout, timeProvider, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
