using Hiroba.Feed.Posts;

namespace Hiroba.Feed.Storage;

/// <summary>
/// Where posts are kept. Publishing and deleting store their integration event in the same transaction, for the outbox
/// relay. Ids grow in commit order: once a reader has seen a post, no post with a smaller id appears later.
/// </summary>
public interface IPostStore
{
    Task<Post> PublishAsync(PostDraft draft, CancellationToken cancellationToken);

    /// <returns>False when there is no such post.</returns>
    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken);

    Task<Post?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> posts older than <paramref name="before"/> (or the newest), newest first.</summary>
    Task<PostWindow> ListNewestAsync(long? before, int limit, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> posts newer than <paramref name="since"/>, oldest first: what a reconnecting page missed.</summary>
    Task<PostWindow> ListSinceAsync(long since, int limit, CancellationToken cancellationToken);
}
