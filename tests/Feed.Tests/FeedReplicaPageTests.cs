using System.Net.Http.Json;
using Hiroba.Feed.Apis;
using Hiroba.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.Feed.Tests;

/// <summary>Feed pages in Chromium through the gateway, with two Feed processes behind it on PostgreSQL, as ./run starts them with HIROBA_REPLICAS=2.</summary>
[Collection(FeedPageTests.Collection)]
public sealed class FeedReplicaPageTests(FeedReplicasSiteFixture site, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<FeedReplicasSiteFixture>, IClassFixture<ChromiumFixture>
{
    private const float Generous = 30_000;
    private const string Posts = "#posts > li";

    [Fact]
    public async Task Posts_accepted_by_either_replica_reach_the_page_and_a_killed_replica_loses_none_while_the_page_goes_on()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await site.OpenFeedAsync(context);
        using var first = new FeedApiClient(site.Replica("Feed", 1).CreateClient());
        using var second = new FeedApiClient(site.Replica("Feed", 2).CreateClient());

        // Each replica's post reaches the page, whichever of them relays the outbox.
        var accepted = new List<string> { (await first.PublishAsync("to the first replica")).Id, (await second.PublishAsync("to the second replica")).Id };
        foreach (var id in accepted)
        {
            await Expect(page.Locator($"{Posts}[data-id='{id}']")).ToHaveCountAsync(1, new() { Timeout = Generous });
        }

        // Posts through the gateway, one every 100 ms, while the first replica is killed: what the gateway answered
        // 201 for is kept; a request that met the dead replica failed visibly (502), as a person would see and send again.
        using var gateway = site.CreateFeedApiClient();
        var posting = Task.Run(async () =>
        {
            var outcomes = new List<(int Status, string? Id)>();
            for (var i = 0; i < 30; i++)
            {
                using var response = await gateway.SendPostAsync($"during the kill {i}", "body");
                outcomes.Add(((int)response.StatusCode, response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<PostResponse>())!.Id
                    : null));
                await Task.Delay(100);
            }
            return outcomes;
        });
        await Task.Delay(800);
        await site.Replica("Feed", 1).KillAsync();
        var outcomes = await posting;
        output.WriteLine($"Through the gateway while one replica died: {string.Join(", ", outcomes.GroupBy(outcome => outcome.Status).Select(group => $"{group.Count()} × {group.Key}"))}.");

        Assert.All(outcomes, outcome => Assert.Contains(outcome.Status, new[] { 201, 502 }));
        var duringTheKill = outcomes.Where(outcome => outcome.Id is not null).Select(outcome => outcome.Id!).ToList();
        Assert.True(duringTheKill.Count >= 10, $"the surviving replica took posts ({duringTheKill.Count} of 30)");
        accepted.AddRange(duringTheKill);
        foreach (var id in accepted)
        {
            await Expect(page.Locator($"{Posts}[data-id='{id}']")).ToHaveCountAsync(1, new() { Timeout = Generous });
        }
        Assert.Equal("not reloaded", await page.EvaluateAsync<string>("() => window.testMarker"));

        // The surviving replica serves the whole history from the shared database: nothing accepted was lost.
        var listed = (await second.ListAsync("?limit=100")).Posts.Select(post => post.Id).ToHashSet();
        Assert.Subset(listed, accepted.ToHashSet());
        // Once the gateway's health checks have left the dead replica out, a reload shows the history again.
        await Eventually.TrueAsync(async () =>
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                using var response = await gateway.Http.GetAsync($"{FeedApiClient.Posts}?limit=1");
                return response.IsSuccessStatusCode;
            }));
            return answers.All(ok => ok);
        }, "the gateway sends nothing to the dead replica any more", TimeSpan.FromSeconds(60));
        await page.ReloadAsync();
        await Expect(page.Locator($"{Posts}[data-id='{accepted[^1]}']")).ToHaveCountAsync(1, new() { Timeout = Generous });
    }
}
