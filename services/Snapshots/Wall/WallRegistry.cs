using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Hiroba.Snapshots.Wall;

/// <summary>Every workshop room the service knows, by case-insensitive id, in memory.</summary>
public sealed class WallRegistry(IOptions<SnapshotsOptions> options)
{
    private readonly ConcurrentDictionary<string, WorkshopRoom> _rooms = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Random, so it differs at each start and between the processes of the service: an event id from before a restart, or
    /// from another process a host's stream reached before the workshop moved here, is recognised as not resumable.
    /// </summary>
    private readonly string _epoch = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public ICollection<WorkshopRoom> Rooms => _rooms.Values;

    public WorkshopRoom? Find(string roomId) => _rooms.GetValueOrDefault(roomId);

    public WorkshopRoom GetOrAdd(string roomId) =>
        _rooms.GetOrAdd(roomId, id => new WorkshopRoom(id, new WallEventLog(_epoch, options.Value.EventHistoryPerRoom), options.Value.GuestHeartbeat));
}
