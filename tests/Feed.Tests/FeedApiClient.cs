using System.Net;
using System.Net.Http.Json;
using Hiroba.Feed.Apis;

namespace Hiroba.Feed.Tests;

/// <summary>The posts API as a test uses it, with the status checks every test would otherwise repeat.</summary>
public sealed class FeedApiClient(HttpClient http) : IDisposable
{
    public const string Posts = "/api/feed/posts";

    public HttpClient Http => http;

    public Task<HttpResponseMessage> SendPostAsync(string title, string body) =>
        http.PostAsJsonAsync(Posts, new { title, body });

    /// <summary>Publishes a post and asserts 201 with a Location naming it.</summary>
    public async Task<PostResponse> PublishAsync(string title, string body = "body")
    {
        using var response = await SendPostAsync(title, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var post = await response.Content.ReadFromJsonAsync<PostResponse>();
        Assert.NotNull(post);
        Assert.Equal($"{Posts}/{post.Id}", response.Headers.Location?.OriginalString);
        return post;
    }

    public async Task<PostPage> ListAsync(string query = "")
    {
        using var response = await http.GetAsync($"{Posts}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PostPage>())!;
    }

    /// <summary>The newest post's id, or null when there is none: a cheap fingerprint of the store.</summary>
    public async Task<string?> NewestIdAsync() => (await ListAsync("?limit=1")).Posts.SingleOrDefault()?.Id;

    public void Dispose() => http.Dispose();
}
