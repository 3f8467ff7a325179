using System.Net.Http.Json;
using System.Runtime.Versioning;
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

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task The_database_is_private_and_a_data_folder_left_readable_by_an_older_release_is_made_private_at_start()
    {
        var settings = Settings();
        PostResponse kept;
        await using (var feed = new FeedFactory(settings))
        {
            using var client = new FeedApiClient(new HttpClient { BaseAddress = feed.RootUri });
            kept = await client.PublishAsync("written by an older release", "kept");
            Assert.True(DataFolderAssertions.AssertPrivate(DataPath) >= 2, "feed.db and its write-ahead log");
        }
        DataFolderAssertions.MakeReadableByAll(DataPath);

        await using var restarted = new FeedFactory(settings);
        using var after = new FeedApiClient(new HttpClient { BaseAddress = restarted.RootUri });

        Assert.Equal(kept, await after.Http.GetFromJsonAsync<PostResponse>($"{FeedApiClient.Posts}/{kept.Id}"));
        DataFolderAssertions.AssertPrivate(DataPath);
    }
}
