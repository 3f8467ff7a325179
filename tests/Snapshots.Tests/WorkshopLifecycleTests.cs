using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>Joining, history trimming, closing and restarting: what happens to a workshop's guests and images over time.</summary>
[Collection(SnapshotsCollection.Name)]
public sealed class WorkshopLifecycleTests(SnapshotsStack stack)
{
    [Fact]
    public async Task Joining_needs_a_name_an_existing_workshop_and_a_free_place()
    {
        var workshop = await stack.CreateWorkshopAsync(capacity: 2);
        using var guests = stack.Guest(workshop.Id);

        var nameless = await ProblemAssertions.AssertProblemAsync(await guests.TryJoinAsync("  "), HttpStatusCode.BadRequest);
        Assert.Contains("name", nameless.Errors.Keys);
        Assert.Equal(HttpStatusCode.Created, (await guests.TryJoinAsync("One")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await guests.TryJoinAsync("Two")).StatusCode);
        await ProblemAssertions.AssertProblemAsync(await guests.TryJoinAsync("Three"), HttpStatusCode.Conflict);
        using var lost = stack.Guest("no-such-workshop");
        await ProblemAssertions.AssertProblemAsync(await lost.TryJoinAsync("Lost"), HttpStatusCode.NotFound);
        using var room = stack.CreateClient();
        var info = await room.GetFromJsonAsync<JsonElement>($"/api/snapshots/rooms/{workshop.Id}");
        Assert.Equal((workshop.Id, 1, true), (info.GetProperty("id").GetString(), info.GetProperty("intervalSeconds").GetInt32(), info.GetProperty("open").GetBoolean()));
        // How often a guest page sends a heartbeat whatever it does (Snapshots:GuestHeartbeat's default).
        Assert.Equal(10, info.GetProperty("heartbeatSeconds").GetDouble());
    }

    [Fact]
    public async Task Only_the_latest_snapshots_are_kept_and_each_is_served_once_for_good()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Fay");
        using var host = stack.Host(workshop);
        var ids = new List<string>();
        for (var seed = 0; seed < SnapshotsStack.HistoryPerGuest + 2; seed++)
        {
            ids.Add(await guest.UploadAcceptedAsync(TestImages.Png(seed: seed)));
        }

        var folder = Directory.GetDirectories(stack.ImagesPath, "r-" + workshop.Id.ToLowerInvariant()).Single();
        await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(folder, guest.GuestId)).Length == SnapshotsStack.HistoryPerGuest,
            "the oldest images are deleted");
        foreach (var evicted in ids.Take(2))
        {
            await ProblemAssertions.AssertProblemAsync(await host.GetAsync($"snapshots/{evicted}"), HttpStatusCode.NotFound);
        }
        using var latest = await host.GetAsync($"snapshots/{ids[^1]}");
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal("image/png", latest.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", latest.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(TestImages.Png(seed: SnapshotsStack.HistoryPerGuest + 1), await latest.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_closed_workshop_refuses_guests_ends_host_streams_and_loses_its_images_after_the_retention_time()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Gus");
        await guest.UploadAcceptedAsync(TestImages.Png());
        using var host = stack.Host(workshop);
        using var stream = await host.OpenStreamAsync();
        Assert.Equal("wall", (await stream.NextAsync()).Type);
        var folder = Path.Combine(stack.ImagesPath, "r-" + workshop.Id.ToLowerInvariant());
        Assert.True(Directory.Exists(folder));

        await stack.CloseWorkshopAsync(workshop.Id);

        Assert.Equal("room-closed", (await stream.NextAsync()).Type);
        await Assert.ThrowsAsync<EndOfStreamException>(() => stream.NextAsync());
        await ProblemAssertions.AssertProblemAsync(await guest.UploadAsync(TestImages.Png(seed: 3)), HttpStatusCode.Gone);
        await ProblemAssertions.AssertProblemAsync(await stack.Guest(workshop.Id).TryJoinAsync("Late"), HttpStatusCode.Gone);
        await Eventually.TrueAsync(() => !Directory.Exists(folder), "the closed workshop's images are deleted");
        var wall = await host.GetWallAsync();
        Assert.False(wall.GetProperty("room").GetProperty("open").GetBoolean());
        Assert.Empty(wall.GetProperty("guests").EnumerateArray());
    }

    [Fact]
    public async Task The_wall_and_its_images_survive_a_restart_of_the_snapshots_service()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Hal");
        var image = TestImages.Png(seed: 11);
        var snapshotId = await guest.UploadAcceptedAsync(image);
        Assert.Equal(HttpStatusCode.OK, (await guest.ChangeStateAsync(new { hand = "done" })).StatusCode);

        var service = stack.Service("Snapshots");
        Assert.Equal(0, await service.StopAsync());
        await service.RestartAsync();

        using var host = stack.Host(workshop);
        var shown = await host.GetGuestAsync(guest.GuestId);
        Assert.Equal(("Hal", "done", snapshotId), (shown.GetProperty("name").GetString(), shown.GetProperty("hand").GetString(),
            shown.GetProperty("lastSnapshot").GetProperty("id").GetString()));
        Assert.Equal(image, await host.GetImageAsync(snapshotId));
        var next = await guest.UploadAcceptedAsync(TestImages.Png(seed: 12));
        Assert.NotEqual(snapshotId, next);
        using var direct = service.CreateClient();
        await Eventually.TrueAsync(async () => (await direct.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "Snapshots is connected again");
    }
}
