namespace Hiroba.Snapshots.Wall;

/// <summary>A guest of a workshop and the snapshots kept for it (oldest first). Changed only under its room's lock.</summary>
public sealed class Guest(string id, string name, string tokenHash, DateTimeOffset joinedAt)
{
    private readonly Queue<long> _recentAttempts = new();

    public string Id { get; } = id;

    public string Name { get; } = name;

    public string TokenHash { get; } = tokenHash;

    public DateTimeOffset JoinedAt { get; } = joinedAt;

    public GuestStatus Status { get; set; } = GuestStatus.Joined;

    public GuestHand Hand { get; set; } = GuestHand.None;

    /// <summary>Accepted uploads since joining.</summary>
    public long Uploads { get; set; }

    /// <summary>The last upload or heartbeat.</summary>
    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>
    /// When its page was last heard from (joined, a state, an upload, a heartbeat); kept in memory only, so after a
    /// restart it is the time the wall was loaded.
    /// </summary>
    public DateTimeOffset LastReportAt { get; set; } = joinedAt;

    public LinkedList<StoredSnapshot> History { get; } = new();

    public StoredSnapshot? Latest => History.Last?.Value;

    /// <summary>
    /// Whether the guest takes a seat in the room: its page is open as far as the wall knows. A guest that left (closed
    /// its page) does not, nor one whose page was not heard from for <paramref name="absentAfter"/>, whatever its state
    /// (the page was closed without saying so, or lost the network): an open page sends a heartbeat in every state.
    /// </summary>
    public bool IsPresent(DateTimeOffset now, TimeSpan absentAfter) => Status != GuestStatus.Left && now - LastReportAt <= absentAfter;

    /// <summary>Counts an upload attempt; false when it would be more than <paramref name="perSecond"/> in the last second.</summary>
    public bool TryCountAttempt(long timestamp, int perSecond, TimeProvider timeProvider)
    {
        while (_recentAttempts.Count > 0 && timeProvider.GetElapsedTime(_recentAttempts.Peek(), timestamp) >= TimeSpan.FromSeconds(1))
        {
            _recentAttempts.Dequeue();
        }
        if (_recentAttempts.Count >= perSecond)
        {
            return false;
        }
        _recentAttempts.Enqueue(timestamp);
        return true;
    }
}
