using Hiroba.Feed.Storage;

namespace Hiroba.Feed.Apis;

/// <summary>A page of posts; <see cref="HasMore"/> tells whether asking again from the last one gives more.</summary>
public sealed record PostPage(IReadOnlyList<PostResponse> Posts, bool HasMore)
{
    public static PostPage From(PostWindow window) => new([.. window.Posts.Select(PostResponse.From)], window.HasMore);
}
