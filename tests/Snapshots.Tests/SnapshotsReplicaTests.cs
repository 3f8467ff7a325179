using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// Two Snapshots processes behind the gateway: each workshop lives on one of them (the gateway routes by the room id), and
/// when its process dies the other takes its guests over from their tokens.
/// </summary>
[Collection(SnapshotsReplicasCollection.Name)]
public sealed class SnapshotsReplicaTests(SnapshotsReplicasStack stack)
{
    [Fact]
    public async Task Every_request_of_a_workshop_reaches_the_process_that_owns_it_and_workshops_spread_over_both()
    {
        var owners = new HashSet<int>();
        for (var attempt = 0; attempt < 24 && owners.Count < 2; attempt++)
        {
            var workshop = await stack.CreateWorkshopAsync();
            using var guest = await stack.Guest(workshop.Id).JoinAsync("Ann");
            var owner = await stack.OwnerOfAsync(workshop, guest.GuestId);
            Assert.NotNull(owner);
            owners.Add(owner.Value);

            for (var upload = 0; upload < 3; upload++)
            {
                Assert.Equal(HttpStatusCode.Created, (await guest.UploadAsync(TestImages.Png(64, 48, seed: upload))).StatusCode);
                await Task.Delay(TimeSpan.FromMilliseconds(600));
            }
            using var host = stack.Host(workshop);
            var onWall = Assert.Single((await host.GetWallAsync()).GetProperty("guests").EnumerateArray());
            Assert.Equal(3, onWall.GetProperty("uploads").GetInt32());
            var image = await host.GetImageAsync(onWall.GetProperty("lastSnapshot").GetProperty("id").GetString()!);
            Assert.Equal(TestImages.Png(64, 48, seed: 2), image);
            Assert.Equal(owner, await stack.OwnerOfAsync(workshop, guest.GuestId));
        }
        Assert.Equal([1, 2], owners.Order());
    }

    [Fact]
    public async Task When_the_owner_dies_the_other_process_takes_the_guest_over_and_hands_it_back_when_the_owner_returns()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Ben");
        var owner = (await stack.OwnerOfAsync(workshop, guest.GuestId))!.Value;
        var before = await (await guest.UploadAsync(TestImages.Png(64, 48, seed: 1))).Content.ReadFromJsonAsync<JsonElement>();
        using (var stuck = await guest.ChangeStateAsync(new { hand = "stuck" }))
        {
            Assert.Equal(HttpStatusCode.OK, stuck.StatusCode);
        }

        await stack.Snapshots(owner).KillAsync();
        try
        {
            // Once the gateway leaves the dead process out, the guest's heartbeat reaches the other one, which takes it over
            // from its token: same id, name and joining time, without the snapshot and the hand it had (its page sends them again).
            var takenOver = await HeartbeatOnceAnsweredAsync(guest);
            Assert.Equal(guest.GuestId, takenOver.GetProperty("id").GetString());
            Assert.Equal("Ben", takenOver.GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.Null, takenOver.GetProperty("lastSnapshot").ValueKind);
            Assert.Equal("none", takenOver.GetProperty("hand").GetString());
            Assert.Equal(3 - owner, await stack.OwnerOfAsync(workshop, guest.GuestId));

            var after = await (await guest.UploadAsync(TestImages.Png(64, 48, seed: 2))).Content.ReadFromJsonAsync<JsonElement>();
            using var host = stack.Host(workshop);
            var onWall = Assert.Single((await host.GetWallAsync()).GetProperty("guests").EnumerateArray());
            Assert.Equal(after.GetProperty("id").GetString(), onWall.GetProperty("lastSnapshot").GetProperty("id").GetString());
            Assert.Equal(TestImages.Png(64, 48, seed: 2), await host.GetImageAsync(after.GetProperty("id").GetString()!));

            await stack.RestartAsync(owner);
            // Back at its owner, the answer names the snapshot the owner kept from before: not the page's last one, so the
            // page sends its screen again.
            await Eventually.TrueAsync(async () =>
                (await guest.HeartbeatAsync()) is { StatusCode: HttpStatusCode.OK } response
                && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastSnapshot") is { ValueKind: JsonValueKind.Object } latest
                && latest.GetProperty("id").GetString() == before.GetProperty("id").GetString(),
                "the workshop is back at its owner, with the snapshot it kept");
        }
        finally
        {
            await stack.RestartIfDownAsync(owner);
        }
    }

    [Fact]
    public async Task A_hosts_stream_follows_the_workshop_to_the_other_process_and_back_to_its_owner()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Fay");
        var owner = (await stack.OwnerOfAsync(workshop, guest.GuestId))!.Value;
        var before = await (await guest.UploadAsync(TestImages.Png(64, 48, seed: 1))).Content.ReadFromJsonAsync<JsonElement>();
        using var host = stack.Host(workshop);
        using (var atOwner = await host.OpenStreamAsync())
        {
            Assert.Equal("wall", (await atOwner.NextAsync()).Type);
            await stack.Snapshots(owner).KillAsync();
            await Assert.ThrowsAnyAsync<IOException>(() => atOwner.NextAsync());
        }
        try
        {
            await HeartbeatOnceAnsweredAsync(guest);
            using var atOther = await host.OpenStreamAsync();
            Assert.Equal(JsonValueKind.Null, LastSnapshotOnWall(await atOther.NextAsync()).ValueKind);

            await stack.RestartAsync(owner);
            // The workshop is back at its owner: the stream at the other process, which hears nothing of it any more, is ended.
            await Assert.ThrowsAnyAsync<IOException>(() => atOther.NextAsync(TimeSpan.FromSeconds(15)));
            using var backAtOwner = await host.OpenStreamAsync();
            Assert.Equal(before.GetProperty("id").GetString(), LastSnapshotOnWall(await backAtOwner.NextAsync()).GetProperty("id").GetString());
        }
        finally
        {
            await stack.RestartIfDownAsync(owner);
        }
    }

    [Fact]
    public async Task A_guest_the_host_removed_is_refused_by_the_other_process_too_while_other_guests_are_taken_over()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var removed = await stack.Guest(workshop.Id).JoinAsync("Cat");
        using var kept = await stack.Guest(workshop.Id).JoinAsync("Dan");
        var other = 3 - (await stack.OwnerOfAsync(workshop, removed.GuestId))!.Value;
        await stack.WaitUntilEveryProcessKnowsAsync(workshop);
        using var host = stack.Host(workshop);

        Assert.Equal(HttpStatusCode.NoContent, (await host.RemoveGuestAsync(removed.GuestId)).StatusCode);

        using var straight = stack.Snapshots(other).CreateClient();
        using var removedThere = removed.Through(straight);
        await Eventually.TrueAsync(async () => (await removedThere.HeartbeatAsync()).StatusCode == HttpStatusCode.NotFound,
            "the other process refuses the removed guest");
        using var keptThere = kept.Through(straight);
        Assert.Equal(HttpStatusCode.OK, (await keptThere.HeartbeatAsync()).StatusCode);
        await ProblemAssertions.AssertProblemAsync(await removedThere.HeartbeatAsync(), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_a_genuine_token_of_that_guest_is_taken_over()
    {
        var workshop = await stack.CreateWorkshopAsync();
        var otherWorkshop = await stack.CreateWorkshopAsync();
        using var ann = await stack.Guest(workshop.Id).JoinAsync("Ann");
        using var ben = await stack.Guest(workshop.Id).JoinAsync("Ben");
        using var elsewhere = await stack.Guest(otherWorkshop.Id).JoinAsync("Eve");
        var other = 3 - (await stack.OwnerOfAsync(workshop, ann.GuestId))!.Value;
        await stack.WaitUntilEveryProcessKnowsAsync(workshop);
        using var straight = stack.Snapshots(other).CreateClient();

        using var annWithBensToken = ann.Through(straight);
        annWithBensToken.Token = ben.Token;
        using var annWithAForgedToken = ann.Through(straight);
        annWithAForgedToken.Token = ann.Token[..^4] + (ann.Token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using var eveAsAnn = ann.Through(straight);
        eveAsAnn.Token = elsewhere.Token;

        foreach (var guest in new[] { annWithBensToken, annWithAForgedToken, eveAsAnn })
        {
            await ProblemAssertions.AssertProblemAsync(await guest.HeartbeatAsync(), HttpStatusCode.NotFound);
        }
        // The genuine token is.
        using var annThere = ann.Through(straight);
        Assert.Equal(HttpStatusCode.OK, (await annThere.HeartbeatAsync()).StatusCode);
    }

    private static JsonElement LastSnapshotOnWall(ServerSentEvent wall)
    {
        Assert.Equal("wall", wall.Type);
        return Assert.Single(wall.Data.GetProperty("guests").EnumerateArray()).GetProperty("lastSnapshot");
    }

    private static async Task<JsonElement> HeartbeatOnceAnsweredAsync(GuestClient guest)
    {
        JsonElement answer = default;
        await Eventually.TrueAsync(async () =>
        {
            var response = await guest.HeartbeatAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        }, "a heartbeat answered by the other process");
        return answer;
    }
}
