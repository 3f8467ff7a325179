using System.Globalization;

namespace Hiroba.Snapshots.Wall;

/// <summary>
/// A room's recent wall events in a ring, numbered <c>{epoch}-{sequence}</c>. The epoch changes when the service
/// starts, so an id from before a restart (or one older than the ring) cannot resume: that stream gets the whole wall
/// instead. Used only under the room's lock.
/// </summary>
public sealed class WallEventLog(string epoch, int capacity)
{
    private readonly WallEvent[] _ring = new WallEvent[capacity];
    private long _lastSequence;

    public string LastEventId => IdOf(_lastSequence);

    public WallEvent Append(string type, byte[] json)
    {
        var sequence = ++_lastSequence;
        var wallEvent = WallEvent.Create(IdOf(sequence), sequence, type, json);
        _ring[sequence % _ring.Length] = wallEvent;
        return wallEvent;
    }

    /// <summary>A one-off event that is not kept (the whole wall for one stream), numbered as the last event.</summary>
    public WallEvent Snapshot(string type, byte[] json) => WallEvent.Create(LastEventId, _lastSequence, type, json);

    /// <summary>The events after <paramref name="lastEventId"/>, oldest first; false when that id cannot be resumed from.</summary>
    public bool TryGetAfter(string? lastEventId, List<WallEvent> missed)
    {
        if (lastEventId is null || !lastEventId.StartsWith(epoch + "-", StringComparison.Ordinal) ||
            !long.TryParse(lastEventId.AsSpan(epoch.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seen) ||
            seen > _lastSequence || _lastSequence - seen > _ring.Length)
        {
            return false;
        }
        for (var sequence = seen + 1; sequence <= _lastSequence; sequence++)
        {
            missed.Add(_ring[sequence % _ring.Length]);
        }
        return true;
    }

    private string IdOf(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{epoch}-{sequence}");
}
