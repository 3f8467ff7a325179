using System.Net;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// A workshop's capacity counts present guests only: a guest whose page said it left frees its seat at once (one that
/// goes silent frees it too: <see cref="PresenceTests"/>).
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
}
