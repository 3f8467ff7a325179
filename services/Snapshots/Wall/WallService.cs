using System.Security.Cryptography;
using Hiroba.AccessKeys;
using Hiroba.Contracts.Rooms;
using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus.Publishing;
using Hiroba.Snapshots.Images;
using Hiroba.Snapshots.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Hiroba.ServiceDefaults.ServerSentEvents;

namespace Hiroba.Snapshots.Wall;

/// <summary>
/// Everything that changes a wall: rooms opening and closing, guests joining, changing their state and uploading.
/// Each change happens under the room's lock, publishes its wall event to the room's host streams at once (from
/// memory), and queues its database write in the same order; callers await the write before they answer.
/// </summary>
public sealed partial class WallService(
    WallRegistry registry,
    WallStore store,
    ImageFolder images,
    GuestTokens tokens,
    IIntegrationEventPublisher integrationEvents,
    IOptions<SnapshotsOptions> options,
    IOptions<JsonOptions> jsonOptions,
    TimeProvider timeProvider,
    ILogger<WallService> logger)
{
    /// <summary>Guest ids: 16 characters of 32 (80 bits), safe in URLs and file names.</summary>
    private const string GuestIdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private SnapshotsOptions Limits => options.Value;

    private System.Text.Json.JsonSerializerOptions Json => jsonOptions.Value.SerializerOptions;

    /// <summary>Learns or updates a workshop room. A closed room stays closed: Rooms never reopens one.</summary>
    public Task OpenRoomAsync(RoomOpenedIntegrationEvent opened)
    {
        var room = registry.GetOrAdd(opened.RoomId);
        lock (room.Gate)
        {
            if (!room.IsOpen)
            {
                return Task.CompletedTask;
            }
            room.Title = opened.Title;
            room.Capacity = opened.Capacity;
            room.HostKeyHash = opened.HostKeyHash;
            room.IntervalSeconds = opened.SnapshotIntervalSeconds ?? SnapshotIntervals.DefaultSeconds;
            return store.SaveRoomAsync(room);
        }
    }

    /// <summary>
    /// Closes the room: uploads and joins are refused from now on, host streams get <c>room-closed</c> and end. A room not
    /// heard of yet is kept closed, so that its <c>room-opened</c> arriving later (published by another Rooms process, or
    /// part of a sync answer read before the closure) does not open it.
    /// </summary>
    public Task CloseRoomAsync(string roomId)
    {
        var known = registry.Find(roomId) is not null;
        var room = registry.GetOrAdd(roomId);
        lock (room.Gate)
        {
            if (!room.IsOpen)
            {
                return Task.CompletedTask;
            }
            room.ClosedAt = timeProvider.GetUtcNow();
            room.Publish(WallEventTypes.RoomClosed, new RoomClosedEventData(room.Id), Json);
            room.CloseStreams();
            LogRoomClosed(logger, room.Id);
            return known
                ? store.CloseRoomAsync(room.Id, room.ClosedAt.Value)
                : Task.WhenAll(store.SaveRoomAsync(room), store.CloseRoomAsync(room.Id, room.ClosedAt.Value));
        }
    }

    /// <returns>The new guest and its token (shown once; only its hash is kept), or why not.</returns>
    public async Task<(GuestSelfView? Joined, string? Token, WallRefusal Refusal)> JoinAsync(string roomId, string name)
    {
        if (registry.Find(roomId) is not { } room)
        {
            return (null, null, WallRefusal.RoomNotFound);
        }
        var now = timeProvider.GetUtcNow();
        var guestId = RandomNumberGenerator.GetString(GuestIdAlphabet, 16);
        var token = tokens.Issue(room.Id, guestId, name, now);
        GuestSelfView joined;
        Task saved;
        lock (room.Gate)
        {
            if (!room.IsOpen)
            {
                return (null, null, WallRefusal.RoomClosed);
            }
            if (room.PresentGuestCount(now) >= room.Capacity)
            {
                return (null, null, WallRefusal.RoomFull);
            }
            if (room.Guests.Count >= room.Capacity * WorkshopRoom.GuestsPerSeat)
            {
                return (null, null, WallRefusal.TooManyGuests);
            }
            var guest = new Guest(guestId, name, AccessKey.Hash(token), now);
            room.Guests.Add(guest.Id, guest);
            joined = new GuestSelfView(GuestView.From(guest), room.ToView());
            room.Publish(WallEventTypes.GuestJoined, new GuestEventData(joined.Guest), Json);
            saved = store.AddGuestAsync(room.Id, guest);
        }
        await saved;
        LogGuestJoined(logger, joined.Guest.Id, room.Id);
        return (joined, token, WallRefusal.None);
    }

    /// <summary>What a guest sees of itself and its room.</summary>
    public GuestSelfView SelfOf(WorkshopRoom room, Guest guest)
    {
        lock (room.Gate)
        {
            return new GuestSelfView(GuestView.From(guest), room.ToView());
        }
    }

    /// <summary>
    /// Checks a guest's token (<c>X-Guest-Token</c>) in constant time. A guest the wall does not know, whose token is
    /// genuine, joined while another process of the service owned the room: it is taken onto this wall.
    /// </summary>
    public async ValueTask<GuestAccess> AuthenticateAsync(string roomId, string guestId, string? token)
    {
        if (registry.Find(roomId) is not { } room)
        {
            return GuestAccess.Refused(WallRefusal.RoomNotFound);
        }
        Guest? guest;
        lock (room.Gate)
        {
            guest = room.Guests.GetValueOrDefault(guestId);
        }
        if (guest is null)
        {
            return await TakeOverAsync(room, guestId, token);
        }
        if (string.IsNullOrEmpty(token))
        {
            return GuestAccess.Refused(WallRefusal.TokenMissing);
        }
        return AccessKey.Matches(guest.TokenHash, token)
            ? new GuestAccess(room, guest, room.IsOpen ? WallRefusal.None : WallRefusal.RoomClosed)
            : GuestAccess.Refused(WallRefusal.TokenWrong);
    }

    /// <summary>
    /// Puts a guest that joined at another process of the service on this wall, as its token describes it: same id, name
    /// and joining time, no snapshot yet (its page sends one, and its state, when a heartbeat's answer shows the wall
    /// lacks them). A guest the host removed stays removed.
    /// </summary>
    private async ValueTask<GuestAccess> TakeOverAsync(WorkshopRoom room, string guestId, string? token)
    {
        if (string.IsNullOrEmpty(token) || tokens.Read(room.Id, guestId, token) is not { } described)
        {
            return GuestAccess.Refused(WallRefusal.GuestNotFound);
        }
        Guest guest;
        Task saved;
        lock (room.Gate)
        {
            if (room.Guests.TryGetValue(guestId, out var known))
            {
                // Another request of the same page took it over a moment ago.
                return AccessKey.Matches(known.TokenHash, token)
                    ? new GuestAccess(room, known, room.IsOpen ? WallRefusal.None : WallRefusal.RoomClosed)
                    : GuestAccess.Refused(WallRefusal.TokenWrong);
            }
            var refusal = room.RemovedGuests.Contains(guestId) ? WallRefusal.GuestNotFound
                : !room.IsOpen ? WallRefusal.RoomClosed
                : room.Guests.Count >= room.Capacity * WorkshopRoom.GuestsPerSeat ? WallRefusal.TooManyGuests
                : WallRefusal.None;
            if (refusal != WallRefusal.None)
            {
                return GuestAccess.Refused(refusal);
            }
            guest = new Guest(guestId, described.Name, AccessKey.Hash(token), described.JoinedAt) { LastReportAt = timeProvider.GetUtcNow() };
            room.Guests.Add(guest.Id, guest);
            room.Publish(WallEventTypes.GuestJoined, new GuestEventData(GuestView.From(guest)), Json);
            saved = store.AddGuestAsync(room.Id, guest);
        }
        await saved;
        LogGuestTakenOver(logger, guestId, room.Id);
        return new GuestAccess(room, guest, WallRefusal.None);
    }

    /// <summary>Counts an upload or heartbeat against the guest's rate (<see cref="SnapshotsOptions.MaxUploadsPerSecond"/>).</summary>
    public bool TryCountUpload(WorkshopRoom room, Guest guest)
    {
        lock (room.Gate)
        {
            return guest.TryCountAttempt(timeProvider.GetTimestamp(), Limits.MaxUploadsPerSecond, timeProvider);
        }
    }

    /// <returns>The guest as it is now; null when the host removed it meanwhile.</returns>
    public async Task<GuestView?> ChangeStateAsync(WorkshopRoom room, Guest guest, GuestStatus? status, GuestHand? hand)
    {
        GuestView view;
        Task saved;
        lock (room.Gate)
        {
            if (!room.Has(guest))
            {
                return null;
            }
            guest.LastReportAt = timeProvider.GetUtcNow();
            view = GuestView.From(guest);
            var changed = false;
            if (status is { } newStatus && newStatus != guest.Status)
            {
                guest.Status = newStatus;
                room.Publish(WallEventTypes.ForStatus(newStatus), new GuestEventData(view = GuestView.From(guest)), Json);
                changed = true;
            }
            if (hand is { } newHand && newHand != guest.Hand)
            {
                guest.Hand = newHand;
                var type = newHand == GuestHand.None ? WallEventTypes.HandLowered : WallEventTypes.HandRaised;
                room.Publish(type, new GuestEventData(view = GuestView.From(guest)), Json);
                changed = true;
            }
            saved = changed ? store.SaveGuestStateAsync(room.Id, guest) : Task.CompletedTask;
        }
        await saved;
        return view;
    }

    /// <summary>The guest's page is open (and its screen, if shared, unchanged since its last snapshot): nothing to store.</summary>
    /// <returns>The guest as the wall has it; null when the host removed it meanwhile.</returns>
    public GuestView? Heartbeat(WorkshopRoom room, Guest guest)
    {
        lock (room.Gate)
        {
            if (!room.Has(guest))
            {
                return null;
            }
            var now = timeProvider.GetUtcNow();
            guest.LastSeenAt = now;
            guest.LastReportAt = now;
            room.Publish(WallEventTypes.Heartbeat, new HeartbeatEventData(guest.Id, now), Json);
            return GuestView.From(guest);
        }
    }

    /// <summary>
    /// Takes a guest off the wall for good (the host's decision): its token stops working, its seat is free, its
    /// snapshots are deleted, host pages drop its panel (<c>guest-removed</c>), and Rooms stops counting it
    /// (<c>snapshots.guest-removed</c>).
    /// </summary>
    /// <returns>False when the room has no such guest.</returns>
    public async Task<bool> RemoveGuestAsync(WorkshopRoom room, string guestId)
    {
        if (!await TakeOffWallAsync(room, guestId, rememberUnknown: false))
        {
            return false;
        }
        var removedAt = timeProvider.GetUtcNow();
        integrationEvents.Publish(new GuestRemovedIntegrationEvent(room.Id, guestId, removedAt) { OccurredAt = removedAt });
        LogGuestRemoved(logger, guestId, room.Id);
        return true;
    }

    /// <summary>
    /// A guest removed by the process that owned its room (<c>snapshots.guest-removed</c>, its own included): it stays
    /// refused here too, should the room move here, and leaves this wall if it was on it.
    /// </summary>
    public async Task ForgetRemovedGuestAsync(string roomId, string guestId)
    {
        if (registry.Find(roomId) is { } room)
        {
            await TakeOffWallAsync(room, guestId, rememberUnknown: true);
        }
    }

    /// <param name="rememberUnknown">Whether to refuse the guest from now on even when it was not on this wall.</param>
    /// <returns>Whether the guest was on this wall.</returns>
    private async Task<bool> TakeOffWallAsync(WorkshopRoom room, string guestId, bool rememberUnknown)
    {
        Guest? guest;
        Task saved;
        lock (room.Gate)
        {
            if (!room.Guests.Remove(guestId, out guest) && (!rememberUnknown || room.RemovedGuests.Contains(guestId)))
            {
                return false;
            }
            room.RemovedGuests.Add(guestId);
            if (guest is not null)
            {
                while (guest.History.First is { } oldest)
                {
                    room.Forget(guest, oldest);
                }
                room.Publish(WallEventTypes.GuestRemoved, new GuestRemovedEventData(guestId), Json);
            }
            saved = store.RemoveGuestAsync(room.Id, guestId);
        }
        await saved;
        if (guest is null)
        {
            return false;
        }
        try
        {
            DeleteFolder(images.GuestFolder(room.Id, guestId));
        }
        catch (IOException exception)
        {
            // An upload of the guest's still on its way wrote into the folder meanwhile; it deletes its file itself when it
            // finds the guest gone, and the next start deletes any file the database does not know.
            LogGuestFolderKept(logger, exception, guestId, room.Id);
        }
        return true;
    }

    /// <summary>
    /// Moves an inspected upload into place as the guest's latest snapshot, trims the guest's history and the room's
    /// disk budget, tells the hosts, and completes once the metadata is committed.
    /// </summary>
    public async Task<(StoredSnapshot? Snapshot, WallRefusal Refusal)> StoreAsync(WorkshopRoom room, Guest guest, UploadResult upload)
    {
        var inspection = upload.Inspection;
        var snapshot = new StoredSnapshot(
            Guid.CreateVersion7().ToString("N"), guest.Id, inspection.Format!.Value, upload.Length, inspection.Width, inspection.Height,
            timeProvider.GetUtcNow());
        var path = images.PathOf(room.Id, snapshot);
        if (!TryMoveIntoPlace(upload.TempPath!, path))
        {
            return (null, WallRefusal.GuestNotFound);
        }

        var evicted = new List<StoredSnapshot>();
        Task saved;
        lock (room.Gate)
        {
            var refusal = !room.Has(guest) ? WallRefusal.GuestNotFound
                : !room.IsOpen ? WallRefusal.RoomClosed
                : FitsBudget(room, guest, snapshot.Size) ? WallRefusal.None : WallRefusal.OverDiskBudget;
            if (refusal != WallRefusal.None)
            {
                File.Delete(path);
                if (refusal == WallRefusal.GuestNotFound)
                {
                    // The removal may have deleted the guest's folder before this upload made it again.
                    DeleteFolder(images.GuestFolder(room.Id, guest.Id));
                }
                return (null, refusal);
            }
            room.Keep(snapshot, guest);
            while (guest.History.Count > Limits.HistoryPerGuest)
            {
                evicted.Add(guest.History.First!.Value);
                room.Forget(guest, guest.History.First);
            }
            while (room.StoredBytes > Limits.RoomDiskBudgetBytes && OldestHistory(room) is var (owner, node))
            {
                evicted.Add(node.Value);
                room.Forget(owner, node);
            }
            guest.Uploads++;
            guest.LastSeenAt = snapshot.TakenAt;
            guest.LastReportAt = snapshot.TakenAt;
            // Only a guest's first snapshot makes it sharing; after that its page says so (Start, Resume). A snapshot
            // still on its way when the guest paused, stopped or left must not undo that.
            if (guest.Status == GuestStatus.Joined)
            {
                guest.Status = GuestStatus.Sharing;
                room.Publish(WallEventTypes.Sharing, new GuestEventData(GuestView.From(guest)), Json);
            }
            room.Publish(WallEventTypes.Snapshot, new GuestEventData(GuestView.From(guest)), Json);
            saved = store.AddSnapshotAsync(room.Id, guest, snapshot, evicted);
        }
        await saved;
        foreach (var old in evicted)
        {
            File.Delete(images.PathOf(room.Id, old));
        }
        integrationEvents.Publish(snapshot.ToIngestedEvent(room.Id));
        return (snapshot, WallRefusal.None);
    }

    /// <summary>
    /// Opens a host stream: it starts with the events after <paramref name="lastEventId"/> when the room still has them,
    /// or else with the whole wall (event <c>wall</c>). Null when the room has its most streams already.
    /// </summary>
    public EventStream? OpenStream(WorkshopRoom room, string? lastEventId)
    {
        lock (room.Gate)
        {
            if (room.StreamCount >= Limits.MaxHostStreamsPerRoom)
            {
                return null;
            }
            var stream = new EventStream();
            var missed = new List<WallEvent>();
            if (room.Events.TryGetAfter(lastEventId, missed))
            {
                missed.ForEach(wallEvent => stream.TrySend(wallEvent.Item));
            }
            else
            {
                stream.TrySend(room.Events.Snapshot(WallEventTypes.Wall, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(room.ToWallView(), Json)).Item);
            }
            if (room.IsOpen)
            {
                room.Attach(stream);
            }
            else
            {
                stream.Close();
            }
            return stream;
        }
    }

    public void CloseStream(WorkshopRoom room, EventStream stream)
    {
        lock (room.Gate)
        {
            room.Detach(stream);
        }
    }

    public WallView ViewOf(WorkshopRoom room)
    {
        lock (room.Gate)
        {
            return room.ToWallView();
        }
    }

    public StoredSnapshot? FindSnapshot(WorkshopRoom room, string snapshotId)
    {
        lock (room.Gate)
        {
            return room.Snapshots.GetValueOrDefault(snapshotId);
        }
    }

    /// <summary>Deletes the images and guests of rooms closed longer ago than <see cref="SnapshotsOptions.ClosedRoomRetention"/>.</summary>
    public async Task PurgeExpiredRoomsAsync()
    {
        var due = timeProvider.GetUtcNow() - Limits.ClosedRoomRetention;
        foreach (var room in registry.Rooms)
        {
            Task purged;
            lock (room.Gate)
            {
                if (room.ClosedAt is not { } closedAt || closedAt > due || (room.Guests.Count == 0 && !Directory.Exists(images.RoomFolder(room.Id))))
                {
                    continue;
                }
                room.Guests.Clear();
                room.RemovedGuests.Clear();
                room.Snapshots.Clear();
                room.StoredBytes = 0;
                purged = store.PurgeRoomAsync(room.Id);
            }
            await purged;
            DeleteFolder(images.RoomFolder(room.Id));
            LogRoomPurged(logger, room.Id);
        }
    }

    /// <summary>
    /// Renames an inspected upload into its guest's folder; false (the upload deleted) when the folder went away between
    /// creating and renaming because the host removed the guest.
    /// </summary>
    private static bool TryMoveIntoPlace(string tempPath, string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(tempPath, path);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            File.Delete(tempPath);
            return false;
        }
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Whether the room's latest images, with this one as the guest's latest, fit the disk budget.</summary>
    private bool FitsBudget(WorkshopRoom room, Guest guest, long size)
    {
        if (room.StoredBytes + size <= Limits.RoomDiskBudgetBytes)
        {
            return true;
        }
        var latest = size + room.Guests.Values.Where(other => other != guest).Sum(other => other.Latest?.Size ?? 0);
        return latest <= Limits.RoomDiskBudgetBytes;
    }

    private static (Guest Owner, LinkedListNode<StoredSnapshot> Node)? OldestHistory(WorkshopRoom room) =>
        room.Guests.Values
            .Where(guest => guest.History.Count > 1)
            .Select(guest => (Owner: guest, Node: guest.History.First!))
            .OrderBy(candidate => candidate.Node.Value.TakenAt)
            .Cast<(Guest, LinkedListNode<StoredSnapshot>)?>()
            .FirstOrDefault();

    [LoggerMessage(LogLevel.Information, "Guest {GuestId} joined workshop {RoomId}")]
    private static partial void LogGuestJoined(ILogger logger, string guestId, string roomId);

    [LoggerMessage(LogLevel.Information, "Guest {GuestId} of workshop {RoomId} joined at another process of the service; it is on this wall now")]
    private static partial void LogGuestTakenOver(ILogger logger, string guestId, string roomId);

    [LoggerMessage(LogLevel.Information, "The host removed guest {GuestId} from workshop {RoomId}")]
    private static partial void LogGuestRemoved(ILogger logger, string guestId, string roomId);

    [LoggerMessage(LogLevel.Warning, "The images of guest {GuestId}, removed from workshop {RoomId}, could not all be deleted yet")]
    private static partial void LogGuestFolderKept(ILogger logger, Exception exception, string guestId, string roomId);

    [LoggerMessage(LogLevel.Information, "Workshop {RoomId} closed; its images are deleted after the retention time")]
    private static partial void LogRoomClosed(ILogger logger, string roomId);

    [LoggerMessage(LogLevel.Information, "Deleted the images of closed workshop {RoomId}")]
    private static partial void LogRoomPurged(ILogger logger, string roomId);
}
