using System.Net;
using Hiroba.Feed.Apis;
using static Hiroba.TestSupport.ProblemAssertions;

namespace Hiroba.Feed.Tests;

public sealed class SqlitePostPagingTests(FeedFixture fixture) : PostPagingTests<FeedFixture>(fixture);

public sealed class PostgresPostPagingTests(PostgresFeedFixture fixture) : PostPagingTests<PostgresFeedFixture>(fixture);

public abstract class PostPagingTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : FeedFixture
{
    [Fact]
    public async Task Ids_grow_with_publication_order()
    {
        using var client = fixture.CreateClient();

        var posts = await PublishManyAsync(client, 5, "order");

        var ids = posts.Select(post => long.Parse(post.Id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(posts.Select(post => post.PublishedAt).Order(), posts.Select(post => post.PublishedAt));
    }

    [Fact]
    public async Task Pages_go_newest_first_and_before_continues_without_gaps_or_overlap()
    {
        using var client = fixture.CreateClient();
        var published = await PublishManyAsync(client, 25, "page");

        var first = await client.ListAsync("?limit=10");
        var second = await client.ListAsync($"?limit=10&before={first.Posts[^1].Id}");
        var third = await client.ListAsync($"?limit=10&before={second.Posts[^1].Id}");

        var newestFirst = published.AsEnumerable().Reverse().Select(post => post.Id).ToList();
        Assert.Equal(newestFirst[..10], first.Posts.Select(post => post.Id));
        Assert.Equal(newestFirst[10..20], second.Posts.Select(post => post.Id));
        Assert.Equal(newestFirst[20..25], third.Posts.Take(5).Select(post => post.Id));
        Assert.True(first.HasMore);
        Assert.True(second.HasMore);
    }

    [Fact]
    public async Task The_last_page_says_there_is_no_more()
    {
        using var client = fixture.CreateClient();
        var oldest = (await PublishManyAsync(client, 1, "oldest"))[0];
        var all = new List<PostResponse>();
        PostPage page = await client.ListAsync("?limit=100");
        all.AddRange(page.Posts);
        while (page.HasMore)
        {
            page = await client.ListAsync($"?limit=100&before={page.Posts[^1].Id}");
            all.AddRange(page.Posts);
        }

        Assert.Contains(all, post => post.Id == oldest.Id);
        Assert.Equal(all.Count, all.DistinctBy(post => post.Id).Count());
        Assert.Equal(all.Select(post => long.Parse(post.Id, System.Globalization.CultureInfo.InvariantCulture)).OrderDescending(),
            all.Select(post => long.Parse(post.Id, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Since_returns_the_newer_posts_oldest_first_in_bounded_pages()
    {
        using var client = fixture.CreateClient();
        var before = await client.PublishAsync("since marker");
        var newer = await PublishManyAsync(client, 7, "since");

        var first = await client.ListAsync($"?since={before.Id}&limit=5");
        var rest = await client.ListAsync($"?since={first.Posts[^1].Id}&limit=5");

        Assert.Equal(newer[..5].Select(post => post.Id), first.Posts.Select(post => post.Id));
        Assert.True(first.HasMore);
        Assert.Equal(newer[5..].Select(post => post.Id), rest.Posts.Select(post => post.Id));
        Assert.False(rest.HasMore);
        Assert.Empty((await client.ListAsync($"?since={newer[^1].Id}")).Posts);
    }

    [Fact]
    public async Task Since_zero_starts_from_the_first_post()
    {
        using var client = fixture.CreateClient();
        await client.PublishAsync("at least one");

        var fromStart = await client.ListAsync("?since=0&limit=100");
        var oldest = await client.ListAsync($"?since=0&limit=1");

        var ids = fromStart.Posts.Select(post => long.Parse(post.Id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(fromStart.Posts[0], oldest.Posts.Single());
    }

    [Fact]
    public async Task Without_a_limit_a_page_has_20_posts()
    {
        using var client = fixture.CreateClient();
        await PublishManyAsync(client, 21, "default");

        var page = await client.ListAsync();

        Assert.Equal(20, page.Posts.Count);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task A_post_can_be_read_by_its_id_and_an_unknown_id_is_a_404_problem()
    {
        using var client = fixture.CreateClient();
        var post = await client.PublishAsync("by id", "<b>as sent</b>");

        var read = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<PostResponse>(
            client.Http, $"{FeedApiClient.Posts}/{post.Id}");

        Assert.Equal(post, read);
        foreach (var unknown in new[] { "999999999", "0", "-1", "abc", "1e3" })
        {
            using var response = await client.Http.GetAsync($"{FeedApiClient.Posts}/{unknown}");
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?limit=-5", "limit")]
    [InlineData("?before=abc", "before")]
    [InlineData("?before=0", "before")]
    [InlineData("?since=1.5", "since")]
    [InlineData("?since=-0", "since")]
    [InlineData("?since=1&before=5", "since")]
    public async Task A_bad_query_is_a_400_naming_the_parameter(string query, string parameter)
    {
        using var client = fixture.CreateClient();

        using var response = await client.Http.GetAsync(FeedApiClient.Posts + query);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([parameter], problem.Errors.Keys);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Limits_of_1_and_100_are_accepted(int limit)
    {
        using var client = fixture.CreateClient();
        await client.PublishAsync("limit");

        var page = await client.ListAsync($"?limit={limit}");

        Assert.InRange(page.Posts.Count, 1, limit);
    }

    private static async Task<List<PostResponse>> PublishManyAsync(FeedApiClient client, int count, string prefix)
    {
        var posts = new List<PostResponse>();
        for (var i = 0; i < count; i++)
        {
            posts.Add(await client.PublishAsync($"{prefix} {i}", $"body {i}"));
        }
        return posts;
    }
}
