using Hiroba.Contracts.Feed;
using Hiroba.EventBus.Publishing.Outbox;
using Hiroba.Feed.Outbox;
using Hiroba.Feed.Posts;
using Hiroba.Sqlite;

namespace Hiroba.Feed.Storage.Sqlite;

/// <summary>Posts in SQLite (<see cref="FeedDatabase"/>). Publishing and deleting store their integration event in the same transaction.</summary>
public sealed class SqlitePostStore(FeedDatabase database, OutboxSignal outboxSignal, TimeProvider timeProvider) : IPostStore
{
    private const string Columns = "id, title, body, published_at";

    public async Task<Post> PublishAsync(PostDraft draft, CancellationToken cancellationToken)
    {
        // Whole milliseconds, as stored, so the 201 answer and later reads agree.
        var publishedAt = DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        var post = await database.WriteAsync(async (transaction, ct) =>
        {
            await using var command = transaction.CreateCommand(
                "INSERT INTO posts (title, body, published_at) VALUES ($title, $body, $publishedAt) RETURNING id;");
            command.Parameters.AddWithValue("$title", draft.Title);
            command.Parameters.AddWithValue("$body", draft.Body);
            command.Parameters.AddWithValue("$publishedAt", publishedAt.ToUnixTimeMilliseconds());
            var id = (long)(await command.ExecuteScalarAsync(ct))!;
            var published = new Post(id, draft.Title, draft.Body, publishedAt);
            await SqliteOutboxStore.AddAsync(transaction, new PostPublishedIntegrationEvent(
                PostIds.Format(id), published.Title, published.Body, publishedAt) { OccurredAt = publishedAt }, ct);
            return published;
        }, cancellationToken);
        outboxSignal.Notify();
        return post;
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var deleted = await database.WriteAsync(async (transaction, ct) =>
        {
            await using var command = transaction.CreateCommand("DELETE FROM posts WHERE id = $id;");
            command.Parameters.AddWithValue("$id", id);
            if (await command.ExecuteNonQueryAsync(ct) == 0)
            {
                return false;
            }
            await SqliteOutboxStore.AddAsync(transaction, new PostDeletedIntegrationEvent(PostIds.Format(id))
            {
                OccurredAt = timeProvider.GetUtcNow(),
            }, ct);
            return true;
        }, cancellationToken);
        if (deleted)
        {
            outboxSignal.Notify();
        }
        return deleted;
    }

    public async Task<Post?> FindAsync(long id, CancellationToken cancellationToken)
    {
        var posts = await QueryAsync($"SELECT {Columns} FROM posts WHERE id = $id;", [("$id", id)], cancellationToken);
        return posts.SingleOrDefault();
    }

    public async Task<PostWindow> ListNewestAsync(long? before, int limit, CancellationToken cancellationToken)
    {
        var posts = await QueryAsync(
            $"SELECT {Columns} FROM posts WHERE id < $before ORDER BY id DESC LIMIT $take;",
            [("$before", before ?? long.MaxValue), ("$take", limit + 1)], cancellationToken);
        return PostWindow.From(posts, limit);
    }

    public async Task<PostWindow> ListSinceAsync(long since, int limit, CancellationToken cancellationToken)
    {
        var posts = await QueryAsync(
            $"SELECT {Columns} FROM posts WHERE id > $since ORDER BY id ASC LIMIT $take;",
            [("$since", since), ("$take", limit + 1)], cancellationToken);
        return PostWindow.From(posts, limit);
    }

    private Task<List<Post>> QueryAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken) =>
        database.QueryAsync(sql, reader => new Post(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))),
            cancellationToken, parameters);
}

