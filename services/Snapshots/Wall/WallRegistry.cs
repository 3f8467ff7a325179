using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Hiroba.Snapshots.Wall;

/// <summary>Every workshop room the service knows, by case-insensitive id, in memory.</summary>
public sealed class WallRegistry(IOptions<SnapshotsOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, WorkshopRoom> _rooms = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Differs at each start, so event ids from before a restart are recognised as not resumable.</summary>
    private readonly string _epoch = timeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture);

    public ICollection<WorkshopRoom> Rooms => _rooms.Values;

    public WorkshopRoom? Find(string roomId) => _rooms.GetValueOrDefault(roomId);

    public WorkshopRoom GetOrAdd(string roomId) =>
        _rooms.GetOrAdd(roomId, id => new WorkshopRoom(id, new WallEventLog(_epoch, options.Value.EventHistoryPerRoom), options.Value.GuestHeartbeat));
}
