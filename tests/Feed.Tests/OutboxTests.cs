using System.Net;
using Hiroba.Feed.Apis;
using Hiroba.Feed.Storage;
using Hiroba.PostgreSql;
using Hiroba.TestSupport;

namespace Hiroba.Feed.Tests;

public sealed class SqliteOutboxTests() : OutboxTests(StorageProvider.Sqlite);

public sealed class PostgresOutboxTests() : OutboxTests(StorageProvider.PostgreSql);

/// <summary>Each test here stops the broker or needs its own, so each gets a broker that keeps sessions across restarts.</summary>
public abstract class OutboxTests(StorageProvider storage) : IAsyncLifetime
{
    private const string PublishedTopic = "feed.post-published";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly FeedFixture _fixture = FeedFixture.WithPersistentBroker(storage);

    private MosquittoFixture Broker => _fixture.Broker;

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task A_post_is_announced_as_a_cloud_event_carrying_the_post()
    {
        await using var recorder = await TopicRecorder.StartAsync(Broker, PublishedTopic);
        using var client = _fixture.CreateClient();

        var post = await client.PublishAsync("announced", "line 1\nline 2");

        var received = (await recorder.NextDistinctAsync(1, Generous)).Single();
        Assert.Equal("com.hiroba.feed.post-published", received.Type);
        Assert.Equal("feed", received.Source);
        Assert.True(Guid.TryParse(received.Id, out _));
        Assert.Equal(post.Id, received.PostId);
        Assert.Equal(post.Title, received.Data.GetProperty("title").GetString());
        Assert.Equal(post.Body, received.Data.GetProperty("body").GetString());
        Assert.Equal(post.PublishedAt, received.Data.GetProperty("publishedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task With_the_broker_down_posts_are_accepted_and_their_events_follow_in_order_once_it_is_back()
    {
        using var client = _fixture.CreateClient();
        await Eventually.TrueAsync(() => IsReadyAsync(client), "the feed is connected to the broker");
        await using var recorder = await TopicRecorder.StartAsync(Broker, PublishedTopic, persistentSession: true);

        await Broker.StopAsync();
        await Eventually.TrueAsync(async () => !await IsReadyAsync(client), "the feed notices the broker is gone");
        var posts = new List<PostResponse>();
        for (var i = 0; i < 20; i++)
        {
            posts.Add(await client.PublishAsync($"during the outage {i}", $"body {i}"));
        }
        await Broker.StartAsync();

        var received = await recorder.NextDistinctAsync(20, Generous);
        Assert.Equal(posts.Select(post => post.Id), received.Select(@event => @event.PostId));
        Assert.Equal(posts.Select(post => post.Title), received.Select(@event => @event.Data.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Concurrent_posts_get_distinct_ids_and_their_events_come_out_in_id_order()
    {
        await using var recorder = await TopicRecorder.StartAsync(Broker, PublishedTopic);
        using var client = _fixture.CreateClient();

        var posts = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => client.PublishAsync($"concurrent {i}")));

        var ids = posts.Select(post => long.Parse(post.Id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var received = await recorder.NextDistinctAsync(posts.Length, Generous);
        Assert.Equal(ids.Order(), received.Select(@event => long.Parse(@event.PostId, System.Globalization.CultureInfo.InvariantCulture)));
        var stored = await client.ListAsync("?limit=100");
        Assert.Equal(ids.OrderDescending(), stored.Posts.Select(post => long.Parse(post.Id, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static async Task<bool> IsReadyAsync(FeedApiClient client)
    {
        using var response = await client.Http.GetAsync("/readyz");
        return response.StatusCode == HttpStatusCode.OK;
    }
}
