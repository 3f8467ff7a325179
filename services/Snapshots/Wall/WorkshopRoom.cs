using System.Text.Json;
using Hiroba.ServiceDefaults.ServerSentEvents;

namespace Hiroba.Snapshots.Wall;

/// <summary>
/// A workshop room as the screen wall knows it (from <c>rooms.room-opened</c>): its guests, the index of their kept
/// snapshots, its recent wall events and its open host streams. Everything here changes only while
/// <see cref="Gate"/> is held, and each change publishes its wall event under the same lock, so every host stream
/// sees the changes in one order and a wall view always matches an event id.
/// </summary>
/// <param name="guestHeartbeat">How often its guests' pages report (<see cref="SnapshotsOptions.GuestHeartbeat"/>).</param>
public sealed class WorkshopRoom(string id, WallEventLog events, TimeSpan guestHeartbeat)
{
    /// <summary>Heartbeats a guest's page may miss before the guest is absent (the host page counts the same).</summary>
    public const int AbsentAfterHeartbeats = 3;

    /// <summary>Guests a room keeps per seat of its capacity, those who left included; the host removes guests to make room.</summary>
    public const int GuestsPerSeat = 4;

    private readonly EventStreamSet _streams = new();

    public Lock Gate { get; } = new();

    public string Id { get; } = id;

    public string Title { get; set; } = id;

    public int Capacity { get; set; }

    public string? HostKeyHash { get; set; }

    public int IntervalSeconds { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public bool IsOpen => ClosedAt is null;

    public Dictionary<string, Guest> Guests { get; } = new(StringComparer.Ordinal);

    /// <summary>The ids of the guests the host removed: their tokens stay refused (<see cref="WallService.ForgetRemovedGuestAsync"/>).</summary>
    public HashSet<string> RemovedGuests { get; } = new(StringComparer.Ordinal);

    /// <summary>Every kept snapshot of the room by id.</summary>
    public Dictionary<string, StoredSnapshot> Snapshots { get; } = new(StringComparer.Ordinal);

    /// <summary>Bytes of the kept images, for the room's disk budget.</summary>
    public long StoredBytes { get; set; }

    public WallEventLog Events { get; } = events;

    public int StreamCount => _streams.Count;

    public TimeSpan GuestHeartbeat { get; } = guestHeartbeat;

    /// <summary>How long a guest's page may send nothing before the guest is absent and frees its seat.</summary>
    public TimeSpan AbsentAfter => GuestHeartbeat * AbsentAfterHeartbeats;

    /// <summary>The guests that take a seat (<see cref="Guest.IsPresent"/>), which the room's capacity limits.</summary>
    public int PresentGuestCount(DateTimeOffset now) => Guests.Values.Count(guest => guest.IsPresent(now, AbsentAfter));

    /// <summary>Whether <paramref name="guest"/> is still on the wall (the host may have removed it meanwhile).</summary>
    public bool Has(Guest guest) => Guests.GetValueOrDefault(guest.Id) == guest;

    public RoomView ToView() => new(Id, Title, IntervalSeconds, GuestHeartbeat.TotalSeconds, IsOpen);

    public WallView ToWallView() =>
        new(ToView(), [.. Guests.Values.OrderBy(guest => guest.JoinedAt).Select(GuestView.From)], Events.LastEventId);

    public void Keep(StoredSnapshot snapshot, Guest guest)
    {
        guest.History.AddLast(snapshot);
        Snapshots[snapshot.Id] = snapshot;
        StoredBytes += snapshot.Size;
    }

    public void Forget(Guest guest, LinkedListNode<StoredSnapshot> node)
    {
        guest.History.Remove(node);
        Snapshots.Remove(node.Value.Id);
        StoredBytes -= node.Value.Size;
    }

    /// <summary>Appends an event and sends it to every open host stream, dropping streams that fell behind.</summary>
    public void Publish<T>(string type, T data, JsonSerializerOptions serializerOptions)
    {
        var wallEvent = Events.Append(type, JsonSerializer.SerializeToUtf8Bytes(data, serializerOptions));
        _streams.Broadcast(wallEvent.Item);
    }

    public void Attach(EventStream stream) => _streams.Add(stream);

    public void Detach(EventStream stream) => _streams.Remove(stream);

    /// <summary>Sends a keep-alive event to every stream.</summary>
    public void KeepStreamsAlive() => _streams.Broadcast(EventStreamItems.KeepAlive);

    /// <summary>Ends every stream after what was already sent (the room closed).</summary>
    public void CloseStreams() => _streams.CloseAll();
}
