using System.Net.Http.Json;
using Hiroba.Feed.Apis;
using Hiroba.TestSupport;

namespace Hiroba.Feed.Tests;

public sealed class RestartTests : FeedStoreTests
{
    [Fact]
    public async Task Posts_survive_a_restart_and_ids_keep_growing_after_it()
    {
        var settings = Settings();
        PostResponse first, second;
        await using (var feed = new FeedFactory(settings))
        {
            using var client = new FeedApiClient(new HttpClient { BaseAddress = feed.RootUri });
            first = await client.PublishAsync("before the restart", "kept\nin SQLite");
            second = await client.PublishAsync("deleted before the restart");
            using var delete = new HttpRequestMessage(HttpMethod.Delete, $"{FeedApiClient.Posts}/{second.Id}");
            delete.Headers.Add("Cookie", feed.CookieHeader("admin"));
            (await client.Http.SendAsync(delete)).EnsureSuccessStatusCode();
        }

        Assert.True(File.Exists(Path.Combine(DataPath, "feed.db")));
        await using var restarted = new FeedFactory(settings);
        using var after = new FeedApiClient(new HttpClient { BaseAddress = restarted.RootUri });

        Assert.Equal(first, await after.Http.GetFromJsonAsync<PostResponse>($"{FeedApiClient.Posts}/{first.Id}"));
        Assert.Equal([first.Id], (await after.ListAsync()).Posts.Select(post => post.Id));
        var third = await after.PublishAsync("after the restart");
        Assert.True(long.Parse(third.Id, System.Globalization.CultureInfo.InvariantCulture) >
            long.Parse(second.Id, System.Globalization.CultureInfo.InvariantCulture), "a deleted id is never handed out again");
    }
}
