using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using Hiroba.Feed.Apis;
using Hiroba.Feed.Storage;
using Hiroba.PostgreSql;
using Hiroba.TestSupport;

namespace Hiroba.Feed.Tests;

/// <summary>
/// Feed as two processes that share one PostgreSQL database and one broker, as replicas behind the gateway: writers on
/// both, one outbox relay between them, and replicas killed while posts arrive.
/// </summary>
public sealed class FeedReplicasTests : IAsyncLifetime
{
    private const string PublishedTopic = "feed.post-published";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly FeedFixture _cluster = FeedFixture.WithPersistentBroker(StorageProvider.PostgreSql);
    private readonly List<ServiceProcess> _replicas = [];

    public async Task InitializeAsync()
    {
        await _cluster.Broker.StartAsync();
        await _cluster.Database!.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        await _cluster.Database!.DisposeAsync();
        await _cluster.Broker.DisposeAsync();
    }

    [Fact]
    public async Task Posts_written_on_both_replicas_get_ids_in_commit_order_reach_since_readers_without_gaps_and_are_announced_once_in_order()
    {
        await using var recorder = await TopicRecorder.StartAsync(_cluster.Broker, PublishedTopic);
        var (first, second) = (await StartReplicaAsync(), await StartReplicaAsync());
        using var readFromSecond = second.CreateClient();
        using var stop = new CancellationTokenSource();
        var reading = ReadSinceUntilStoppedAsync(readFromSecond, stop.Token);

        var posts = await PublishConcurrentlyAsync([first, second], count: 200, "both");
        stop.CancelAfter(TimeSpan.FromSeconds(1));

        var ids = posts.Select(IdOf).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // The reader on the other replica asked "what is newer than the last I saw" throughout. Had a post with a smaller
        // id become visible after a larger one, the reader would have passed it and never seen it.
        var seen = await reading;
        Assert.Equal(ids.Order(), seen);
        var announced = await recorder.NextDistinctAsync(ids.Count, Generous);
        Assert.Equal(ids.Order(), announced.Select(IdOf));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, recorder.CountSoFar);
    }

    [Fact]
    public async Task Killing_the_replicas_one_after_the_other_while_posts_arrive_loses_no_accepted_post_and_announces_each_in_order()
    {
        await using var recorder = await TopicRecorder.StartAsync(_cluster.Broker, PublishedTopic, persistentSession: true);
        var (first, second) = (await StartReplicaAsync(), await StartReplicaAsync());

        // Each kill comes while posts go to both; after the second, the replica that relayed all along was killed for
        // sure, since the first restarted as a standby.
        var accepted = new List<PostResponse>();
        accepted.AddRange(await PublishWhileKillingAsync([first, second], kill: first, "before the first kill"));
        await first.RestartAsync();
        accepted.AddRange(await PublishWhileKillingAsync([first, second], kill: second, "before the second kill"));
        accepted.AddRange(await PublishConcurrentlyAsync([first], count: 20, "after both"));

        using var reader = first.CreateClient();
        var stored = await ReadSinceUntilStoppedAsync(reader, new CancellationToken(canceled: true));
        Assert.All(accepted, post => Assert.Contains(IdOf(post), stored));
        // A post whose answer the kill cut off may be stored too; whatever is stored is announced, once, in order.
        var announced = (await recorder.NextDistinctAsync(stored.Count, Generous)).Select(IdOf).ToList();
        Assert.Equal(stored, announced);
    }

    private async Task<ServiceProcess> StartReplicaAsync()
    {
        var replica = await ServiceProcess.StartAsync("Feed", _cluster.Settings());
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>Posts from 8 writers, spread over <paramref name="replicas"/> in turn; every one must be accepted.</summary>
    private static async Task<List<PostResponse>> PublishConcurrentlyAsync(ServiceProcess[] replicas, int count, string title)
    {
        var clients = replicas.Select(replica => new FeedApiClient(replica.CreateClient())).ToList();
        try
        {
            var next = -1;
            var posts = new List<PostResponse>();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                {
                    var post = await clients[i % clients.Count].PublishAsync($"{title} {i}");
                    lock (posts)
                    {
                        posts.Add(post);
                    }
                }
            }));
            return posts;
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    /// <summary>
    /// 4 writers post to every replica in turn for a second, then <paramref name="kill"/> is killed (SIGKILL) and they
    /// go on for another second. A post counts as accepted when its 201 arrived; a refused or cut request does not.
    /// </summary>
    private static async Task<List<PostResponse>> PublishWhileKillingAsync(ServiceProcess[] replicas, ServiceProcess kill, string title)
    {
        var clients = replicas.Select(replica => replica.CreateClient()).ToList();
        using var stop = new CancellationTokenSource();
        var accepted = new List<PostResponse>();
        var next = -1;
        var writers = Enumerable.Range(0, 4).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                try
                {
                    using var response = await clients[i % clients.Count].PostAsJsonAsync(FeedApiClient.Posts, new { title = $"{title} {i}", body = "body" });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var post = (await response.Content.ReadFromJsonAsync<PostResponse>())!;
                        lock (accepted)
                        {
                            accepted.Add(post);
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    // The killed replica: this post was not accepted.
                }
            }
        }).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await kill.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        clients.ForEach(client => client.Dispose());
        Assert.True(accepted.Count > 20, $"Only {accepted.Count} posts were accepted.");
        return accepted;
    }

    /// <summary>
    /// Asks for what is newer than the last post seen, again and again, until stopped and nothing newer is left; returns
    /// the ids in the order they came.
    /// </summary>
    private static async Task<List<long>> ReadSinceUntilStoppedAsync(HttpClient client, CancellationToken stop)
    {
        var seen = new List<long>();
        while (true)
        {
            var stopping = stop.IsCancellationRequested;
            var page = await client.GetFromJsonAsync<PostPage>(
                $"{FeedApiClient.Posts}?since={(seen.Count == 0 ? 0 : seen[^1])}&limit=100", CancellationToken.None);
            seen.AddRange(page!.Posts.Select(post => IdOf(post.Id)));
            if (stopping && !page.HasMore)
            {
                return seen;
            }
            if (page.Posts.Count == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
            }
        }
    }

    private static long IdOf(PostResponse post) => IdOf(post.Id);

    private static long IdOf(ReceivedCloudEvent @event) => IdOf(@event.PostId);

    private static long IdOf(string id) => long.Parse(id, CultureInfo.InvariantCulture);
}
