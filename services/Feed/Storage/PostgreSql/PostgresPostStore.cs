using Hiroba.Feed.Posts;

namespace Hiroba.Feed.Storage.PostgreSql;

/// <summary>
/// Posts in PostgreSQL, shared by every Feed replica: written by this replica's <see cref="FeedPostgresWriter"/> together
/// with their events, read straight from the database.
/// </summary>
public sealed class PostgresPostStore(FeedPostgresDatabase database, FeedPostgresWriter writer, TimeProvider timeProvider) : IPostStore
{
    private const string Columns = "id, title, body, published_at";

    public Task<Post> PublishAsync(PostDraft draft, CancellationToken cancellationToken) =>
        // Whole milliseconds, as SQLite stores them, so both stores answer alike.
        writer.PublishAsync(draft, DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken);

    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken) =>
        writer.DeleteAsync(id, timeProvider.GetUtcNow(), cancellationToken);

    public async Task<Post?> FindAsync(long id, CancellationToken cancellationToken)
    {
        var posts = await QueryAsync($"SELECT {Columns} FROM posts WHERE id = $1;", cancellationToken, id);
        return posts.SingleOrDefault();
    }

    public async Task<PostWindow> ListNewestAsync(long? before, int limit, CancellationToken cancellationToken)
    {
        var posts = await QueryAsync(
            $"SELECT {Columns} FROM posts WHERE id < $1 ORDER BY id DESC LIMIT $2;", cancellationToken, before ?? long.MaxValue, limit + 1);
        return PostWindow.From(posts, limit);
    }

    public async Task<PostWindow> ListSinceAsync(long since, int limit, CancellationToken cancellationToken)
    {
        var posts = await QueryAsync(
            $"SELECT {Columns} FROM posts WHERE id > $1 ORDER BY id ASC LIMIT $2;", cancellationToken, since, limit + 1);
        return PostWindow.From(posts, limit);
    }

    private Task<List<Post>> QueryAsync(string sql, CancellationToken cancellationToken, params object?[] values) =>
        database.QueryAsync(sql, reader => new Post(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)),
            cancellationToken, values);
}
