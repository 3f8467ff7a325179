using System.Net;
using Hiroba.TestSupport;
using static Hiroba.TestSupport.ProblemAssertions;

namespace Hiroba.Feed.Tests;

public sealed class RateLimitTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private readonly TemporaryDirectory _run = new("feed-run");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _run.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_11th_post_in_a_minute_from_one_address_gets_429_with_retry_after()
    {
        await using var feed = StartFeed();
        using var client = new FeedApiClient(new HttpClient { BaseAddress = feed.RootUri });

        for (var i = 0; i < 10; i++)
        {
            await client.PublishAsync($"post {i}");
        }
        var newestBefore = await client.NewestIdAsync();
        using var limited = await client.SendPostAsync("post 11", "body");

        var problem = await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many posts", problem.Detail, StringComparison.Ordinal);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(newestBefore, await client.NewestIdAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(FeedApiClient.Posts)).StatusCode);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")]
    public async Task Behind_the_gateway_each_forwarded_client_address_has_its_own_limit(string? setting, string? gateway)
    {
        // By default the gateway is trusted at loopback; naming its address, or a network it is in, trusts it the same way.
        await using var feed = setting is null ? StartFeed() : StartFeed((setting, gateway!));
        using var client = new FeedApiClient(new HttpClient { BaseAddress = feed.RootUri });

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Created, await PostFromAsync(client, "203.0.113.1"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await PostFromAsync(client, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.Created, await PostFromAsync(client, "203.0.113.2"));
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "192.0.2.99")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.244.0.0/16")]
    public async Task A_forwarded_address_from_a_peer_that_is_not_the_gateway_is_ignored(string setting, string gateway)
    {
        await using var feed = StartFeed((setting, gateway));
        using var client = new FeedApiClient(new HttpClient { BaseAddress = feed.RootUri });

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Created, await PostFromAsync(client, $"203.0.113.{i + 1}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await PostFromAsync(client, "203.0.113.200"));
    }

    [Theory]
    [InlineData("KnownProxies", "gateway.example")]
    [InlineData("KnownNetworks", "10.244.0.0/99")]
    [InlineData("KnownNetworks", "10.244.0.0")]
    public async Task A_trusted_address_that_is_not_one_stops_the_start_naming_the_setting(string setting, string value)
    {
        await using var feed = StartFeed(($"ForwardedHeaders:{setting}:0", value));

        var error = Assert.ThrowsAny<Exception>(() => feed.RootUri);

        Assert.Contains($"ForwardedHeaders:{setting}", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    private FeedFactory StartFeed(params (string Key, string Value)[] extra)
    {
        var settings = FeedFactory.Settings(broker, _run.Path);
        settings.Remove("Feed:RateLimit:PermitLimit");
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return new FeedFactory(settings);
    }

    private static async Task<HttpStatusCode> PostFromAsync(FeedApiClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, FeedApiClient.Posts)
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { title = "forwarded", body = "body" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.Http.SendAsync(request);
        return response.StatusCode;
    }
}
