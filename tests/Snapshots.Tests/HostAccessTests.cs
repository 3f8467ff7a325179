using System.Net;
using System.Text;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>Only a room's host key opens its wall; a guest token writes only its own panel; rooms never mix.</summary>
[Collection(SnapshotsCollection.Name)]
public sealed class HostAccessTests(SnapshotsStack stack)
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-the-host-key", HttpStatusCode.Forbidden)]
    [InlineData("other-room", HttpStatusCode.Forbidden)]
    public async Task The_wall_images_and_stream_are_refused_without_the_rooms_own_host_key(string? key, HttpStatusCode status)
    {
        var workshop = await stack.CreateWorkshopAsync();
        var other = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Secret Sam");
        var snapshotId = await guest.UploadAcceptedAsync(TestImages.Png());
        using var intruder = stack.HostWithKey(workshop, key == "other-room" ? other.HostKey : key);

        foreach (var path in new[] { "wall", $"snapshots/{snapshotId}", "events" })
        {
            using var response = await intruder.GetAsync(path);
            await ProblemAssertions.AssertProblemAsync(response, status);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.DoesNotContain("Secret Sam", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
            Assert.False(body.AsSpan().IndexOf(TestImages.Png().AsSpan(0, 8)) >= 0, $"{path} answered image bytes");
        }
        using var realHost = stack.Host(workshop);
        Assert.Equal("Secret Sam", (await realHost.GetGuestAsync(guest.GuestId)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_guest_token_cannot_upload_into_another_guests_panel()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var alice = await stack.Guest(workshop.Id).JoinAsync("Alice");
        using var mallory = await stack.Guest(workshop.Id).JoinAsync("Mallory");
        var alicesImage = TestImages.Png(seed: 7);
        var alicesSnapshot = await alice.UploadAcceptedAsync(alicesImage);

        await ProblemAssertions.AssertProblemAsync(await mallory.UploadAsync(TestImages.Png(seed: 8), asGuestId: alice.GuestId), HttpStatusCode.Forbidden);
        mallory.Token = "";
        await ProblemAssertions.AssertProblemAsync(await mallory.UploadAsync(TestImages.Png(seed: 8), asGuestId: alice.GuestId), HttpStatusCode.Unauthorized);

        using var host = stack.Host(workshop);
        var shown = await host.GetGuestAsync(alice.GuestId);
        Assert.Equal(alicesSnapshot, shown.GetProperty("lastSnapshot").GetProperty("id").GetString());
        Assert.Equal(alicesImage, await host.GetImageAsync(alicesSnapshot));
        Assert.Equal(0, (await host.GetGuestAsync(mallory.GuestId)).GetProperty("uploads").GetInt32());
    }

    [Fact]
    public async Task Events_of_one_room_never_appear_in_another_rooms_stream()
    {
        var north = await stack.CreateWorkshopAsync();
        var south = await stack.CreateWorkshopAsync();
        using var southHost = stack.Host(south);
        using var southStream = await southHost.OpenStreamAsync();
        var wall = await southStream.NextAsync();
        Assert.Equal("wall", wall.Type);
        Assert.Empty(wall.Data.GetProperty("guests").EnumerateArray());

        using var northGuest = await stack.Guest(north.Id).JoinAsync("Northerner");
        await northGuest.UploadAcceptedAsync(TestImages.Png());
        Assert.Equal(HttpStatusCode.OK, (await northGuest.ChangeStateAsync(new { hand = "stuck" })).StatusCode);
        using var southGuest = await stack.Guest(south.Id).JoinAsync("Southerner");

        var (marker, before) = await southStream.ReadUntilAsync(e => e.Type == "guest-joined");
        Assert.Equal(southGuest.GuestId, marker.GuestId());
        Assert.Empty(before);
        using var northHost = stack.Host(north);
        using var northStream = await northHost.OpenStreamAsync();
        var northWall = await northStream.NextAsync();
        Assert.Equal([northGuest.GuestId], northWall.Data.GetProperty("guests").EnumerateArray().Select(guest => guest.GetProperty("id").GetString()));
    }
}
