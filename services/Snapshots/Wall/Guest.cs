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

    /// <summary>The last upload or unchanged-screen heartbeat.</summary>
    public DateTimeOffset? LastSeenAt { get; set; }

    public LinkedList<StoredSnapshot> History { get; } = new();

    public StoredSnapshot? Latest => History.Last?.Value;

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
