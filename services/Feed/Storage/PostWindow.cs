using Hiroba.Feed.Posts;

namespace Hiroba.Feed.Storage;

/// <summary>A page of posts and whether the store holds more beyond it in the same direction.</summary>
public sealed record PostWindow(IReadOnlyList<Post> Posts, bool HasMore)
{
    /// <param name="posts">Up to <paramref name="limit"/> + 1 posts; the extra one only tells that there are more.</param>
    public static PostWindow From(List<Post> posts, int limit) =>
        posts.Count > limit ? new PostWindow(posts[..limit], true) : new PostWindow(posts, false);
}
