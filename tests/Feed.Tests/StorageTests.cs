using Hiroba.TestSupport;

namespace Hiroba.Feed.Tests;

public sealed class StorageTests : FeedStoreTests
{
    [Theory]
    [InlineData("ProcessCrash")]
    [InlineData("PowerLoss")]
    public async Task Posts_reach_the_database_file_through_the_background_checkpoint(string durability)
    {
        var settings = Settings();
        settings["Feed:Storage:CommitDurability"] = durability;
        settings["Feed:Storage:CheckpointInterval"] = "00:00:00.200";
        await using var feed = new FeedFactory(settings);
        using var client = new FeedApiClient(new HttpClient { BaseAddress = feed.RootUri });
        var databaseFile = new FileInfo(Path.Combine(DataPath, "feed.db"));
        var body = new string('x', 2_000);

        for (var i = 0; i < 100; i++)
        {
            await client.PublishAsync($"post {i}", body);
        }

        // 100 bodies of 2,000 characters are about 200 KB; commits themselves never checkpoint, so only the
        // checkpointer moves them out of the write-ahead log into the file.
        await Eventually.TrueAsync(() =>
        {
            databaseFile.Refresh();
            return databaseFile.Length > 200_000;
        }, "feed.db holds the posts");
        Assert.Equal(100, (await client.ListAsync("?limit=100")).Posts.Count);
    }

    [Fact]
    public async Task The_write_ahead_log_starts_over_under_a_steady_stream_of_posts()
    {
        var settings = Settings();
        settings["Feed:Storage:CheckpointInterval"] = "00:00:00.100";
        await using var feed = new FeedFactory(settings);
        using var client = new FeedApiClient(new HttpClient { BaseAddress = feed.RootUri });
        var log = new FileInfo(Path.Combine(DataPath, "feed.db-wal"));
        var body = new string('x', 2_000);
        long largestLog = 0;

        // About 40 MB of posts and outbox events, written without a pause.
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= 10_000)
            {
                await client.PublishAsync("steady", body);
                log.Refresh();
                largestLog = Math.Max(largestLog, log.Exists ? log.Length : 0);
            }
        }));

        Assert.True(largestLog < 32 * 1024 * 1024, $"the log grew to {largestLog / 1024 / 1024} MiB");
    }
}
