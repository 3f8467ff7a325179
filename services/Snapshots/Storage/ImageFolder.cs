using Hiroba.Snapshots.Images;
using Hiroba.Snapshots.Wall;
using Hiroba.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Hiroba.Snapshots.Storage;

/// <summary>
/// Where images live: <c>{Data:Path}/images/r-{room}/{guest}/{snapshot}.{ext}</c>, written first under
/// <c>.incoming/</c> on the same file system and then renamed into place, so a reader never sees half an image.
/// Room ids are case-insensitive and may contain dots, so the folder is the lower-cased id behind a prefix.
/// </summary>
public sealed class ImageFolder(IOptions<DataOptions> options)
{
    public string Root { get; } = Path.Combine(Path.GetFullPath(options.Value.Path), "images");

    public string Incoming => Path.Combine(Root, ".incoming");

    public string RoomFolder(string roomId) => Path.Combine(Root, "r-" + roomId.ToLowerInvariant());

    public string GuestFolder(string roomId, string guestId) => Path.Combine(RoomFolder(roomId), guestId);

    public string PathOf(string roomId, StoredSnapshot snapshot) =>
        Path.Combine(GuestFolder(roomId, snapshot.GuestId), snapshot.Id + snapshot.Format.Extension());

    public string NewIncomingPath() => Path.Combine(Incoming, Guid.NewGuid().ToString("N") + ".part");

    public void Prepare()
    {
        Directory.CreateDirectory(Root);
        if (Directory.Exists(Incoming))
        {
            Directory.Delete(Incoming, recursive: true);
        }
        Directory.CreateDirectory(Incoming);
    }
}
