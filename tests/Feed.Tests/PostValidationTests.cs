using System.Net;
using System.Text;
using static Hiroba.TestSupport.ProblemAssertions;

namespace Hiroba.Feed.Tests;

public sealed class PostValidationTests(FeedFixture fixture) : IClassFixture<FeedFixture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task A_title_of_1_to_100_characters_is_published(int length)
    {
        using var client = fixture.CreateClient();
        var title = new string('t', length);

        var post = await client.PublishAsync(title, "a body");

        Assert.Equal(title, post.Title);
        Assert.Equal(post.Id, await client.NewestIdAsync());
    }

    [Theory]
    [InlineData("", "body", "title")]
    [InlineData("   ", "body", "title")]
    [InlineData(null, "body", "title")]
    [InlineData("title", "", "body")]
    [InlineData("title", " \n\t ", "body")]
    [InlineData("line\nbreak", "body", "title")]
    [InlineData("bell\u0007", "body", "title")]
    public async Task A_missing_or_blank_field_is_a_400_naming_it_and_stores_nothing(string? title, string body, string field)
    {
        using var client = fixture.CreateClient();
        var newestBefore = await client.NewestIdAsync();

        using var response = await client.SendPostAsync(title!, body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.Errors.Keys);
        Assert.Contains($"The {field}", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(newestBefore, await client.NewestIdAsync());
    }

    [Theory]
    [InlineData(101, 10, "title")]
    [InlineData(10, 2_001, "body")]
    public async Task A_field_over_its_limit_is_a_400_naming_it_and_stores_nothing(int titleLength, int bodyLength, string field)
    {
        using var client = fixture.CreateClient();
        var newestBefore = await client.NewestIdAsync();

        using var response = await client.SendPostAsync(new string('t', titleLength), new string('b', bodyLength));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var message = Assert.Single(problem.Errors[field]);
        Assert.Contains("at most", message, StringComparison.Ordinal);
        Assert.Equal(newestBefore, await client.NewestIdAsync());
    }

    [Fact]
    public async Task A_body_of_exactly_2000_characters_counts_characters_not_utf16_units()
    {
        using var client = fixture.CreateClient();
        // 1,000 emoji are 2,000 UTF-16 units but 1,000 characters; 2,000 of them are over the limit.
        var emoji = string.Concat(Enumerable.Repeat("🎌", 1_000));

        var post = await client.PublishAsync("emoji", emoji + new string('x', 1_000));
        using var tooLong = await client.SendPostAsync("emoji", emoji + emoji + "x");

        Assert.Equal(2_000, post.Body.EnumerateRunes().Count());
        await AssertProblemAsync(tooLong, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Titles_are_trimmed_and_line_breaks_in_the_body_are_kept_as_newlines()
    {
        using var client = fixture.CreateClient();

        var post = await client.PublishAsync("  spaced  ", "\r\n first line\r\nsecond line\n\nfourth \n");

        Assert.Equal("spaced", post.Title);
        Assert.Equal("first line\nsecond line\n\nfourth", post.Body);
    }

    [Theory]
    [InlineData("text/plain", "{\"title\":\"t\",\"body\":\"b\"}", HttpStatusCode.UnsupportedMediaType)]
    [InlineData(null, "{\"title\":\"t\",\"body\":\"b\"}", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json", "{\"title\": \"t\", \"body\": ", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "not json", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "null", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "{\"title\": 5, \"body\": \"b\"}", HttpStatusCode.BadRequest)]
    [InlineData("application/json", "[\"t\", \"b\"]", HttpStatusCode.BadRequest)]
    public async Task An_unreadable_body_is_a_problem_and_stores_nothing(string? contentType, string body, HttpStatusCode status)
    {
        using var client = fixture.CreateClient();
        var newestBefore = await client.NewestIdAsync();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = new(contentType);
        }

        using var response = await client.Http.PostAsync(FeedApiClient.Posts, content);

        var problem = await AssertProblemAsync(response, status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        Assert.Equal(newestBefore, await client.NewestIdAsync());
    }

    [Fact]
    public async Task A_form_post_publishes_and_sends_the_browser_to_the_feed()
    {
        using var client = new FeedApiClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = fixture.Feed.RootUri,
        });
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["title"] = "from a form", ["body"] = "no JS\r\nneeded" });

        using var response = await client.Http.PostAsync(FeedApiClient.Posts, form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/feed", response.Headers.Location?.OriginalString);
        var newest = (await client.ListAsync("?limit=1")).Posts.Single();
        Assert.Equal(("from a form", "no JS\nneeded"), (newest.Title, newest.Body));
    }

    [Fact]
    public async Task An_invalid_form_post_is_a_400_naming_the_field()
    {
        using var client = fixture.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["title"] = "no body" });

        using var response = await client.Http.PostAsync(FeedApiClient.Posts, form);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["body"], problem.Errors.Keys);
    }
}
