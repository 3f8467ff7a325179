using System.Net;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>The host stream: the whole wall first, then every change in order, resumable with Last-Event-ID.</summary>
[Collection(SnapshotsCollection.Name)]
public sealed class WallStreamTests(SnapshotsStack stack)
{
    [Fact]
    public async Task A_stream_starts_with_the_wall_and_then_carries_every_change_of_a_guest()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var host = stack.Host(workshop);
        using var stream = await host.OpenStreamAsync();
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("wall", (await stream.NextAsync()).Type);
        Assert.Equal(TimeSpan.FromSeconds(2), stream.ReconnectionInterval);

        using var guest = await stack.Guest(workshop.Id).JoinAsync("Dana");
        var snapshotId = await guest.UploadAcceptedAsync(TestImages.Png());
        foreach (var state in new object[] { new { hand = "stuck" }, new { hand = "none" }, new { status = "paused" }, new { status = "stopped" }, new { status = "left" } })
        {
            Assert.Equal(HttpStatusCode.OK, (await guest.ChangeStateAsync(state)).StatusCode);
        }

        var events = new List<ServerSentEvent>();
        for (var i = 0; i < 8; i++)
        {
            events.Add(await stream.NextAsync());
        }
        Assert.Equal(["guest-joined", "sharing", "snapshot", "hand-raised", "hand-lowered", "paused", "stopped", "left"], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(guest.GuestId, e.GuestId()));
        var snapshot = events[2].Data.GetProperty("guest").GetProperty("lastSnapshot");
        Assert.Equal(snapshotId, snapshot.GetProperty("id").GetString());
        Assert.Equal(("image/png", 64, 36), (snapshot.GetProperty("contentType").GetString(), snapshot.GetProperty("width").GetInt32(), snapshot.GetProperty("height").GetInt32()));
        Assert.Equal("stuck", events[3].Data.GetProperty("guest").GetProperty("hand").GetString());
        var ids = events.Select(e => e.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_snapshot_that_arrives_after_pause_or_stop_is_kept_and_the_status_stays_as_the_guest_said()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var host = stack.Host(workshop);
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Ivo");
        await guest.UploadAcceptedAsync(TestImages.Png());
        Assert.Equal("sharing", (await host.GetGuestAsync(guest.GuestId)).GetProperty("status").GetString());

        foreach (var status in new[] { "paused", "stopped", "left" })
        {
            Assert.Equal(HttpStatusCode.OK, (await guest.ChangeStateAsync(new { status })).StatusCode);
            var late = await guest.UploadAcceptedAsync(TestImages.Png());

            var shown = await host.GetGuestAsync(guest.GuestId);
            Assert.Equal((status, late), (shown.GetProperty("status").GetString(), shown.GetProperty("lastSnapshot").GetProperty("id").GetString()));
        }

        Assert.Equal(HttpStatusCode.OK, (await guest.ChangeStateAsync(new { status = "sharing" })).StatusCode);
        Assert.Equal("sharing", (await host.GetGuestAsync(guest.GuestId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_reconnecting_stream_gets_what_it_missed_and_an_id_it_cannot_resume_from_gets_the_whole_wall()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var host = stack.Host(workshop);
        string lastSeen;
        using (var first = await host.OpenStreamAsync())
        {
            lastSeen = (await first.NextAsync()).Id!;
        }

        using var guest = await stack.Guest(workshop.Id).JoinAsync("Eli");
        await guest.UploadAcceptedAsync(TestImages.Png());

        using var resumed = await host.OpenStreamAsync(lastSeen);
        Assert.Equal(["guest-joined", "sharing", "snapshot"], [(await resumed.NextAsync()).Type, (await resumed.NextAsync()).Type, (await resumed.NextAsync()).Type]);

        using var fromElsewhere = await host.OpenStreamAsync("0-12345");
        var wall = await fromElsewhere.NextAsync();
        Assert.Equal("wall", wall.Type);
        Assert.Equal(guest.GuestId, Assert.Single(wall.Data.GetProperty("guests").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(wall.Id, wall.Data.GetProperty("lastEventId").GetString());
    }
}
