using System.Net;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// A workshop's capacity counts present guests only: a guest that left, or that shares and stopped reporting (stale,
/// as the host page shows it), frees its seat; one that reports, or paused, keeps it.
/// </summary>
[Collection(SnapshotsCollection.Name)]
public sealed class SeatTests(SnapshotsStack stack)
{
    [Fact]
    public async Task A_guest_who_left_frees_its_seat_and_its_panel_stays()
    {
        var workshop = await stack.CreateWorkshopAsync(capacity: 2);
        using var ann = await stack.Guest(workshop.Id).JoinAsync("Ann");
        using var ben = await stack.Guest(workshop.Id).JoinAsync("Ben");
        using var cat = stack.Guest(workshop.Id);
        await ProblemAssertions.AssertProblemAsync(await cat.TryJoinAsync("Cat"), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.OK, (await ann.ChangeStateAsync(new { status = "left" })).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await cat.TryJoinAsync("Cat")).StatusCode);
        using var dan = stack.Guest(workshop.Id);
        await ProblemAssertions.AssertProblemAsync(await dan.TryJoinAsync("Dan"), HttpStatusCode.Conflict);
        using var host = stack.Host(workshop);
        Assert.Equal("left", (await host.GetGuestAsync(ann.GuestId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_sharing_guest_keeps_its_seat_while_it_reports_a_paused_one_keeps_it_and_a_silent_one_frees_it()
    {
        // Stale after 3 intervals of 2 s without a snapshot or heartbeat.
        var workshop = await stack.CreateWorkshopAsync(intervalSeconds: 2, capacity: 2);
        var staleAfter = TimeSpan.FromSeconds(3 * 2);
        // Joined and never sharing: its page is open, so it keeps the other seat throughout.
        using var zoe = await stack.Guest(workshop.Id).JoinAsync("Zoe");
        using var ann = await stack.Guest(workshop.Id).JoinAsync("Ann");
        await ann.UploadAcceptedAsync(TestImages.Png());
        using var ben = stack.Guest(workshop.Id);

        var reporting = Task.Run(async () =>
        {
            // One a second, as a guest page with a 1 s interval would: within the guest's two uploads and heartbeats a second.
            for (var end = DateTime.UtcNow + staleAfter + TimeSpan.FromSeconds(1); DateTime.UtcNow < end;)
            {
                await Task.Delay(1000);
                Assert.Equal(HttpStatusCode.NoContent, (await ann.HeartbeatAsync()).StatusCode);
            }
        });
        while (!reporting.IsCompleted)
        {
            await ProblemAssertions.AssertProblemAsync(await ben.TryJoinAsync("Ben"), HttpStatusCode.Conflict);
            await Task.Delay(500);
        }
        await reporting;

        Assert.Equal(HttpStatusCode.OK, (await ann.ChangeStateAsync(new { status = "paused" })).StatusCode);
        await Task.Delay(staleAfter + TimeSpan.FromSeconds(1));
        await ProblemAssertions.AssertProblemAsync(await ben.TryJoinAsync("Ben"), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.OK, (await ann.ChangeStateAsync(new { status = "sharing" })).StatusCode);
        await Eventually.TrueAsync(async () => (await ben.TryJoinAsync("Ben")).StatusCode == HttpStatusCode.Created,
            "the silent guest frees its seat");
        using var host = stack.Host(workshop);
        Assert.Equal(3, (await host.GetWallAsync()).GetProperty("guests").GetArrayLength());
    }
}
