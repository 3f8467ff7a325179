using System.Net;
using System.Net.Http.Json;
using Hiroba.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.Snapshots.Tests;

/// <summary>A stack with the deployed limit on guest joins per client address.</summary>
public sealed class JoinLimitStack : SnapshotsStack
{
    protected override void ConfigureSnapshots(IDictionary<string, string?> settings) => settings.Remove("Snapshots:JoinRateLimit:PermitLimit");
}

/// <summary>
/// Joins per client address, with the deployed limit: one client cannot take a workshop's seats in a second, yet a
/// classroom behind one router, whose pages all join at once, gets in. Each address is one of 127.0.0.0/8, which the
/// gateway forwards as the client's.
/// </summary>
public sealed class JoinLimitTests(JoinLimitStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<JoinLimitStack>, IClassFixture<ChromiumFixture>
{
    /// <summary>The default joins per window and address, and the longest Retry-After (its window).</summary>
    private const int PermitLimit = 10;
    private const int WindowSeconds = 5;

    private const int Classroom = 50;

    [Fact]
    public async Task A_classroom_behind_one_address_joining_at_once_gets_in_a_few_at_a_time_and_other_guests_are_not_held_up()
    {
        var workshop = await stack.CreateWorkshopAsync(capacity: Classroom + 1);
        using var router = stack.CreateClientFrom(IPAddress.Parse("127.0.0.2"));

        var first = await Task.WhenAll(Enumerable.Range(0, Classroom).Select(i => JoinAsync(router, workshop.Id, $"Pupil {i}")));

        // At most two windows' worth, should the burst straddle a window's end: nowhere near the room's seats.
        Assert.InRange(first.Count(response => response.StatusCode == HttpStatusCode.Created), 1, 2 * PermitLimit);
        var refused = first.Where(response => response.StatusCode != HttpStatusCode.Created).ToList();
        foreach (var response in refused)
        {
            await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
            Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, WindowSeconds);
        }
        using var elsewhere = stack.GuestFrom(workshop.Id, IPAddress.Parse("127.0.0.3"));
        await elsewhere.JoinAsync("Visitor");

        // Each refused page waits for its Retry-After and tries again, as the guest page does; the whole classroom is in
        // after a few windows (a minute holds twelve).
        var attempts = await Task.WhenAll(refused.Select((response, i) => JoinPatientlyAsync(router, workshop.Id, $"Late pupil {i}", response)));
        Assert.All(attempts, count => Assert.InRange(count, 1, 60 / WindowSeconds));
        using var host = stack.Host(workshop);
        Assert.Equal(Classroom + 1, (await host.GetWallAsync()).GetProperty("guests").GetArrayLength());
    }

    [Fact]
    public async Task A_guest_page_refused_for_its_address_tries_again_by_itself()
    {
        var workshop = await stack.CreateWorkshopAsync();
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(stack.GatewayUri, $"/collect?room={workshop.Id}").ToString());
        await page.FillAsync("#name", "Patient Pat");

        // This test's own address (the browser's too) uses up its joins, then the page joins.
        using var filler = stack.Guest(workshop.Id);
        while ((await filler.TryJoinAsync("Filler")).StatusCode != HttpStatusCode.TooManyRequests)
        {
        }
        await page.ClickAsync("#join");

        await Expect(page.Locator("#room-status")).ToContainTextAsync("trying again", new() { Timeout = WallPages.Generous });
        await Expect(page.Locator("#guest-name")).ToHaveTextAsync("Patient Pat", new() { Timeout = WallPages.Generous });
        await Expect(page.Locator("#error")).ToBeHiddenAsync();
    }

    private static Task<HttpResponseMessage> JoinAsync(HttpClient client, string roomId, string name) =>
        client.PostAsJsonAsync($"/api/snapshots/rooms/{roomId}/guests", new { name });

    /// <returns>How many attempts it took after <paramref name="refusal"/>.</returns>
    private static async Task<int> JoinPatientlyAsync(HttpClient client, string roomId, string name, HttpResponseMessage refusal)
    {
        var attempts = 0;
        for (var response = refusal; response.StatusCode != HttpStatusCode.Created; attempts++)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            await Task.Delay(response.Headers.RetryAfter!.Delta!.Value + TimeSpan.FromMilliseconds(Random.Shared.Next(1000)));
            response = await JoinAsync(client, roomId, name);
        }
        return attempts;
    }
}
