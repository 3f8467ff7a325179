using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>The host takes a guest off the wall: its panel, images, token and seat go with it.</summary>
[Collection(SnapshotsCollection.Name)]
public sealed class GuestRemovalTests(SnapshotsStack stack)
{
    [Fact]
    public async Task A_removed_guest_leaves_the_wall_and_its_images_its_token_stops_working_and_its_seat_is_free()
    {
        var workshop = await stack.CreateWorkshopAsync(capacity: 2);
        using var ann = await stack.Guest(workshop.Id).JoinAsync("Ann");
        using var ben = await stack.Guest(workshop.Id).JoinAsync("Ben");
        var annsSnapshot = await ann.UploadAcceptedAsync(TestImages.Png(seed: 1));
        var bensSnapshot = await ben.UploadAcceptedAsync(TestImages.Png(seed: 2));
        using var host = stack.Host(workshop);
        using var stream = await host.OpenStreamAsync();
        Assert.Equal("wall", (await stream.NextAsync()).Type);
        using var cat = stack.Guest(workshop.Id);
        await ProblemAssertions.AssertProblemAsync(await cat.TryJoinAsync("Cat"), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await host.RemoveGuestAsync(ann.GuestId)).StatusCode);

        var (removed, _) = await stream.ReadUntilAsync(wallEvent => wallEvent.Type == "guest-removed");
        Assert.Equal(ann.GuestId, removed.GuestId());
        var wall = await host.GetWallAsync();
        Assert.Equal([ben.GuestId], wall.GetProperty("guests").EnumerateArray().Select(guest => guest.GetProperty("id").GetString()));
        await ProblemAssertions.AssertProblemAsync(await host.GetAsync($"snapshots/{annsSnapshot}"), HttpStatusCode.NotFound);
        Assert.Equal(TestImages.Png(seed: 2), await host.GetImageAsync(bensSnapshot));
        var annsFolder = Path.Combine(stack.ImagesPath, "r-" + workshop.Id.ToLowerInvariant(), ann.GuestId);
        await Eventually.TrueAsync(() => !Directory.Exists(annsFolder), "the removed guest's images are deleted");

        var upload = await ProblemAssertions.AssertProblemAsync(await ann.UploadAsync(TestImages.Png(seed: 3)), HttpStatusCode.NotFound);
        Assert.Contains("removed", upload.Detail, StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(await ann.HeartbeatAsync(), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await ann.ChangeStateAsync(new { hand = "stuck" }), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Created, (await cat.TryJoinAsync("Cat")).StatusCode);
        await ProblemAssertions.AssertProblemAsync(await host.RemoveGuestAsync(ann.GuestId), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Removing_a_guest_is_published_and_the_admins_room_list_stops_counting_it()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var ann = await stack.Guest(workshop.Id).JoinAsync("Ann");
        using var ben = await stack.Guest(workshop.Id).JoinAsync("Ben");
        await ann.UploadAcceptedAsync(TestImages.Png(seed: 1));
        await ben.UploadAcceptedAsync(TestImages.Png(seed: 2));
        using var admin = await stack.CreateSignedInClientAsync();
        await WaitForSharedScreensAsync(admin, workshop.Id, 2);
        await using var published = await TopicRecorder.StartAsync(stack.Broker, "snapshots.guest-removed");
        using var host = stack.Host(workshop);

        Assert.Equal(HttpStatusCode.NoContent, (await host.RemoveGuestAsync(ann.GuestId)).StatusCode);

        using var removed = JsonDocument.Parse((await published.NextAsync(Eventually.DefaultTimeout)).Payload);
        var data = removed.RootElement.GetProperty("data");
        Assert.Equal("com.hiroba.snapshots.guest-removed", removed.RootElement.GetProperty("type").GetString());
        Assert.Equal((workshop.Id, ann.GuestId), (data.GetProperty("roomId").GetString(), data.GetProperty("guestId").GetString()));
        await WaitForSharedScreensAsync(admin, workshop.Id, 1);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-the-host-key", HttpStatusCode.Forbidden)]
    [InlineData("other-room", HttpStatusCode.Forbidden)]
    public async Task Only_the_rooms_host_key_removes_a_guest(string? key, HttpStatusCode status)
    {
        var workshop = await stack.CreateWorkshopAsync();
        var other = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Dan");
        using var intruder = stack.HostWithKey(workshop, key == "other-room" ? other.HostKey : key);

        await ProblemAssertions.AssertProblemAsync(await intruder.RemoveGuestAsync(guest.GuestId), status);

        using var host = stack.Host(workshop);
        Assert.Equal("Dan", (await host.GetGuestAsync(guest.GuestId)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await guest.HeartbeatAsync()).StatusCode);
    }

    [Fact]
    public async Task The_signed_in_admin_removes_a_guest_without_the_host_key()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Eve");
        using var admin = await stack.CreateSignedInClientAsync();

        var response = await admin.DeleteAsync($"/api/snapshots/rooms/{workshop.Id}/guests/{guest.GuestId}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var host = stack.Host(workshop);
        Assert.Empty((await host.GetWallAsync()).GetProperty("guests").EnumerateArray());
    }

    /// <summary>Waits until Rooms' list (the admin console's) counts <paramref name="guests"/> guests that shared a screen in the workshop.</summary>
    private static Task WaitForSharedScreensAsync(HttpClient admin, string roomId, int guests) =>
        Eventually.TrueAsync(async () =>
        {
            var rooms = await admin.GetFromJsonAsync<JsonElement>("/api/rooms");
            var screens = rooms.EnumerateArray().Single(room => room.GetProperty("room").GetProperty("id").GetString() == roomId).GetProperty("screens");
            return screens.ValueKind == JsonValueKind.Object && screens.GetProperty("guests").GetInt32() == guests;
        }, $"the room list counts {guests} guests sharing in {roomId}");
}
