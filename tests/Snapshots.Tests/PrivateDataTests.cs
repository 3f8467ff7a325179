using System.Net;
using System.Runtime.Versioning;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>Guests' screen images and the wall's database are the service user's alone, also in a data folder an older release left readable.</summary>
[Collection(SnapshotsCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class PrivateDataTests(SnapshotsStack stack)
{
    [Fact]
    public async Task Images_and_the_database_are_private_and_a_folder_left_readable_is_made_private_at_start_with_nothing_lost()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Kim");
        var image = TestImages.Png(seed: 21);
        var snapshotId = await guest.UploadAcceptedAsync(image);
        var data = stack.DataPath("Snapshots");
        // snapshots.db with its -wal and -shm, and the image.
        Assert.True(DataFolderAssertions.AssertPrivate(data) >= 4, "the database files and the image");

        var service = stack.Service("Snapshots");
        Assert.Equal(0, await service.StopAsync());
        DataFolderAssertions.MakeReadableByAll(data);
        await service.RestartAsync();

        DataFolderAssertions.AssertPrivate(data);
        using var host = stack.Host(workshop);
        Assert.Equal(image, await host.GetImageAsync(snapshotId));
        Assert.Equal("Kim", (await host.GetGuestAsync(guest.GuestId)).GetProperty("name").GetString());
        await guest.UploadAcceptedAsync(TestImages.Png(seed: 22));
        DataFolderAssertions.AssertPrivate(data);
        using var direct = service.CreateClient();
        await Eventually.TrueAsync(async () => (await direct.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "Snapshots is connected again");
    }
}
