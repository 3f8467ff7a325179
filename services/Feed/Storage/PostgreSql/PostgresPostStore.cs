using Hiroba.Contracts.Feed;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.Publishing.Outbox;
using Hiroba.EventBus.Telemetry;
using Hiroba.Feed.Outbox;
using Hiroba.Feed.Posts;
using Npgsql;
using NpgsqlTypes;

namespace Hiroba.Feed.Storage.PostgreSql;

/// <summary>
/// Posts in PostgreSQL, shared by every Feed replica. A writing transaction takes its post id and outbox sequence from
/// the <c>counters</c> row (see the schema), stores the change and its event, and notifies the outbox relay at commit.
/// </summary>
public sealed class PostgresPostStore(FeedPostgresDatabase database, OutboxSignal outboxSignal, TimeProvider timeProvider) : IPostStore
{
    private const string Columns = "id, title, body, published_at";

    private static readonly string NotifyRelay = $"NOTIFY {FeedPostgresDatabase.OutboxChannel};";

    public async Task<Post> PublishAsync(PostDraft draft, CancellationToken cancellationToken)
    {
        // Whole milliseconds, as SQLite stores them, so both stores answer alike.
        var publishedAt = DateTimeOffset.FromUnixTimeMilliseconds(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long id, sequence;
        await using (var take = new NpgsqlCommand(
            "UPDATE counters SET last_post_id = last_post_id + 1, last_sequence = last_sequence + 1 RETURNING last_post_id, last_sequence;",
            connection))
        await using (var reader = await take.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (id, sequence) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        var post = new Post(id, draft.Title, draft.Body, publishedAt);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(
            "INSERT INTO posts (id, title, body, published_at) VALUES ($1, $2, $3, $4);", post.Id, post.Title, post.Body, post.PublishedAt));
        AddEvent(batch, sequence, new PostPublishedIntegrationEvent(PostIds.Format(id), post.Title, post.Body, publishedAt)
        {
            OccurredAt = publishedAt,
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outboxSignal.Notify();
        return post;
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = new NpgsqlCommand("DELETE FROM posts WHERE id = $1;", connection) { Parameters = { new() { Value = id } } })
        {
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }
        await using var take = new NpgsqlCommand("UPDATE counters SET last_sequence = last_sequence + 1 RETURNING last_sequence;", connection);
        var sequence = (long)(await take.ExecuteScalarAsync(cancellationToken))!;
        await using var batch = new NpgsqlBatch(connection);
        AddEvent(batch, sequence, new PostDeletedIntegrationEvent(PostIds.Format(id)) { OccurredAt = timeProvider.GetUtcNow() });
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outboxSignal.Notify();
        return true;
    }

    public async Task<Post?> FindAsync(long id, CancellationToken cancellationToken)
    {
        var posts = await QueryAsync($"SELECT {Columns} FROM posts WHERE id = $1;", [id], cancellationToken);
        return posts.SingleOrDefault();
    }

    public async Task<PostWindow> ListNewestAsync(long? before, int limit, CancellationToken cancellationToken)
    {
        var posts = await QueryAsync(
            $"SELECT {Columns} FROM posts WHERE id < $1 ORDER BY id DESC LIMIT $2;", [before ?? long.MaxValue, limit + 1], cancellationToken);
        return PostWindow.From(posts, limit);
    }

    public async Task<PostWindow> ListSinceAsync(long since, int limit, CancellationToken cancellationToken)
    {
        var posts = await QueryAsync(
            $"SELECT {Columns} FROM posts WHERE id > $1 ORDER BY id ASC LIMIT $2;", [since, limit + 1], cancellationToken);
        return PostWindow.From(posts, limit);
    }

    /// <summary>Adds the event to the outbox under <paramref name="sequence"/>, and the notification that wakes the relay.</summary>
    private static void AddEvent(NpgsqlBatch batch, long sequence, IntegrationEvent @event)
    {
        batch.BatchCommands.Add(Command(
            "INSERT INTO outbox (sequence, event_id, topic, data, occurred_at, trace_parent, trace_state) VALUES ($1, $2, $3, $4, $5, $6, $7);",
            sequence,
            @event.Id,
            Topics.Of(@event.GetType()),
            OutboxEntry.Serialize(@event),
            @event.OccurredAt,
            TraceContextFormat.FormatTraceParent(@event.TraceContext),
            TraceContextFormat.FormatTraceState(@event.TraceContext)));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(NotifyRelay));
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            // Only the trace columns are ever null, and they are text.
            command.Parameters.Add(value is null
                ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text }
                : new NpgsqlParameter { Value = value });
        }
        return command;
    }

    private async Task<List<Post>> QueryAsync(string sql, long[] parameters, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var posts = new List<Post>();
        while (await reader.ReadAsync(cancellationToken))
        {
            posts.Add(new Post(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }
        return posts;
    }
}
