using Hiroba.Feed.Posts;

namespace Hiroba.Feed.Apis;

/// <summary>A post as the API shows it; <see cref="Id"/> is a decimal number as a string.</summary>
public sealed record PostResponse(string Id, string Title, string Body, DateTimeOffset PublishedAt)
{
    public static PostResponse From(Post post) => new(PostIds.Format(post.Id), post.Title, post.Body, post.PublishedAt);
}
