using System.Net;
using Hiroba.ServiceDefaults;
using Hiroba.TestSupport;
using static Hiroba.TestSupport.ProblemAssertions;

namespace Hiroba.Feed.Tests;

public sealed class SqliteDeletePostTests(FeedFixture fixture) : DeletePostTests<FeedFixture>(fixture);

public sealed class PostgresDeletePostTests(PostgresFeedFixture fixture) : DeletePostTests<PostgresFeedFixture>(fixture);

public abstract class DeletePostTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : FeedFixture
{
    [Fact]
    public async Task An_admin_deletes_a_post_and_feed_post_deleted_is_published()
    {
        await using var recorder = await TopicRecorder.StartAsync(fixture.Broker, "feed.post-deleted");
        using var client = fixture.CreateClient();
        var post = await client.PublishAsync("to be deleted");

        using var response = await DeleteAsync(client, post.Id, fixture.Feed.CookieHeader(HirobaRoles.Admin));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var deleted = (await recorder.NextDistinctAsync(1, TimeSpan.FromSeconds(30))).Single();
        Assert.Equal("com.hiroba.feed.post-deleted", deleted.Type);
        Assert.Equal(post.Id, deleted.PostId);
        using var read = await client.Http.GetAsync($"{FeedApiClient.Posts}/{post.Id}");
        await AssertProblemAsync(read, HttpStatusCode.NotFound);
        Assert.DoesNotContain(post.Id, (await client.ListAsync("?limit=100")).Posts.Select(p => p.Id));
        using var again = await DeleteAsync(client, post.Id, fixture.Feed.CookieHeader(HirobaRoles.Admin));
        await AssertProblemAsync(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_cookie_delete_is_401_and_a_viewer_gets_403_and_the_post_stays()
    {
        using var client = fixture.CreateClient();
        var post = await client.PublishAsync("stays");

        using var anonymous = await DeleteAsync(client, post.Id, cookie: null);
        using var viewer = await DeleteAsync(client, post.Id, fixture.Feed.CookieHeader(HirobaRoles.Viewer));
        using var forged = await DeleteAsync(client, post.Id, $"{HirobaAuthentication.CookieName}=CfDJ8{new string('A', 120)}");

        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(viewer, HttpStatusCode.Forbidden);
        await AssertProblemAsync(forged, HttpStatusCode.Unauthorized);
        using var read = await client.Http.GetAsync($"{FeedApiClient.Posts}/{post.Id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    private static Task<HttpResponseMessage> DeleteAsync(FeedApiClient client, string id, string? cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"{FeedApiClient.Posts}/{id}");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return client.Http.SendAsync(request);
    }
}
