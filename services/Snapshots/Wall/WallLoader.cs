using Hiroba.Snapshots.Storage;

namespace Hiroba.Snapshots.Wall;

/// <summary>
/// Rebuilds every wall in memory from the database, before the service accepts requests. A snapshot
/// whose file is gone is forgotten, and any file the database does not know (an upload cut short by a crash, an
/// eviction not yet deleted) is deleted, so disk and metadata agree again.
/// </summary>
public sealed partial class WallLoader(
    WallStore store, WallRegistry registry, ImageFolder images, TimeProvider timeProvider, ILogger<WallLoader> logger)
{
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var loadedAt = timeProvider.GetUtcNow();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in await store.LoadAsync(cancellationToken))
        {
            var room = registry.GetOrAdd(stored.Id);
            room.Title = stored.Title;
            room.Capacity = stored.Capacity;
            room.HostKeyHash = stored.HostKeyHash;
            room.IntervalSeconds = stored.IntervalSeconds;
            room.ClosedAt = stored.ClosedAt;
            room.RemovedGuests.UnionWith(stored.RemovedGuests);
            var guests = stored.Guests.ToDictionary(guest => guest.Id, StringComparer.Ordinal);
            foreach (var guest in stored.Guests)
            {
                // Whether its page is still open is unknown yet: it counts as present until it has had time to report.
                guest.LastReportAt = loadedAt;
                room.Guests.Add(guest.Id, guest);
            }
            foreach (var snapshot in stored.Snapshots)
            {
                var path = images.PathOf(room.Id, snapshot);
                if (guests.TryGetValue(snapshot.GuestId, out var guest) && File.Exists(path))
                {
                    room.Keep(snapshot, guest);
                    known.Add(path);
                }
            }
        }
        var orphans = Directory.EnumerateFiles(images.Root, "*", SearchOption.AllDirectories).Where(file => !known.Contains(file)).ToList();
        orphans.ForEach(File.Delete);
        LogLoaded(logger, registry.Rooms.Count, known.Count, orphans.Count);
    }

    [LoggerMessage(LogLevel.Information, "Loaded {Rooms} workshop rooms with {Images} images; deleted {Orphans} files without metadata")]
    private static partial void LogLoaded(ILogger logger, int rooms, int images, int orphans);
}
