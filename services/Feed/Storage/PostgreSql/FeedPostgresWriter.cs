using System.Diagnostics;
using System.Threading.Channels;
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
/// This replica's writes, a batch at a time ("group commit"): what queued up while one transaction committed goes into
/// the next, which takes its post ids and outbox sequences from the <c>counters</c> row at once. That row's lock orders
/// commits across replicas (see the schema) and is held until the commit's disk sync, so taking it per post would let
/// one replica write only one post per sync; per batch, one sync covers every post that waited for it. A batch that
/// fails fails each of its writes (nothing of it is stored); a write cancelled before its batch began is left out.
/// </summary>
public sealed class FeedPostgresWriter : IAsyncDisposable
{
    private const int MaxWritesPerBatch = 256;

    private static readonly string NotifyRelay = $"NOTIFY {FeedPostgresDatabase.OutboxChannel};";

    private readonly FeedPostgresDatabase _database;
    private readonly OutboxSignal _outboxSignal;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public FeedPostgresWriter(FeedPostgresDatabase database, OutboxSignal outboxSignal)
    {
        _database = database;
        _outboxSignal = outboxSignal;
        _loop = Task.Run(RunAsync);
    }

    public Task<Post> PublishAsync(PostDraft draft, DateTimeOffset publishedAt, CancellationToken cancellationToken) =>
        Enqueue(new PendingPost(draft, publishedAt, Activity.Current?.Context ?? default, cancellationToken)).Completion.Task;

    /// <returns>False when there is no such post.</returns>
    public Task<bool> DeleteAsync(long id, DateTimeOffset deletedAt, CancellationToken cancellationToken) =>
        Enqueue(new PendingDelete(id, deletedAt, Activity.Current?.Context ?? default, cancellationToken)).Completion.Task;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private T Enqueue<T>(T write) where T : PendingWrite =>
        _queue.Writer.TryWrite(write) ? write : throw new ObjectDisposedException(nameof(FeedPostgresWriter));

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxWritesPerBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxWritesPerBatch && _queue.Reader.TryRead(out var write))
            {
                if (write.CancellationToken.IsCancellationRequested)
                {
                    write.Cancel();
                }
                else
                {
                    batch.Add(write);
                }
            }
            if (batch.Count == 0)
            {
                continue;
            }
            try
            {
                // Repeated only if the commit was never sent: after it, the outcome is unknown.
                var committing = false;
                await _database.RetryOnceAsync(async () =>
                {
                    await CommitAsync(batch, () => committing = true);
                    return true;
                }, mayRepeat: () => !committing);
                batch.ForEach(write => write.Complete());
                _outboxSignal.Notify();
            }
            catch (Exception exception)
            {
                batch.ForEach(write => write.Fail(exception));
            }
            batch.Clear();
        }
    }

    /// <param name="committing">Called just before the commit is sent.</param>
    private async Task CommitAsync(List<PendingWrite> batch, Action committing)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var deleted = await DeleteAsync(connection, batch.OfType<PendingDelete>().Select(delete => delete.Id).Distinct().ToArray());
        var posts = batch.OfType<PendingPost>().ToList();
        var (lastPostId, lastSequence) = await TakeNumbersAsync(connection, posts.Count, deleted.Count);

        var nextPostId = lastPostId - posts.Count + 1;
        var nextSequence = lastSequence - posts.Count - deleted.Count + 1;
        var newPosts = new List<Post>(posts.Count);
        var events = new List<(long Sequence, IntegrationEvent Event)>(posts.Count + deleted.Count);
        foreach (var write in batch)
        {
            switch (write)
            {
                case PendingPost pending:
                    var post = new Post(nextPostId++, pending.Draft.Title, pending.Draft.Body, pending.PublishedAt);
                    newPosts.Add(post);
                    pending.Result = post;
                    events.Add((nextSequence++, new PostPublishedIntegrationEvent(PostIds.Format(post.Id), post.Title, post.Body, post.PublishedAt)
                    {
                        OccurredAt = post.PublishedAt,
                        TraceContext = pending.TraceContext,
                    }));
                    break;
                case PendingDelete pending:
                    // The first deletion of a post in the batch deleted it; a second one finds nothing, as it would later.
                    pending.Result = deleted.Remove(pending.Id);
                    if (pending.Result)
                    {
                        events.Add((nextSequence++, new PostDeletedIntegrationEvent(PostIds.Format(pending.Id))
                        {
                            OccurredAt = pending.DeletedAt,
                            TraceContext = pending.TraceContext,
                        }));
                    }
                    break;
            }
        }

        await using var store = new NpgsqlBatch(connection);
        if (newPosts.Count > 0)
        {
            store.BatchCommands.Add(Command(
                "INSERT INTO posts (id, title, body, published_at) SELECT * FROM unnest($1, $2, $3, $4);",
                Array(newPosts, post => post.Id, NpgsqlDbType.Bigint),
                Array(newPosts, post => post.Title, NpgsqlDbType.Text),
                Array(newPosts, post => post.Body, NpgsqlDbType.Text),
                Array(newPosts, post => post.PublishedAt, NpgsqlDbType.TimestampTz)));
        }
        if (events.Count > 0)
        {
            store.BatchCommands.Add(Command(
                "INSERT INTO outbox (sequence, event_id, topic, data, occurred_at, trace_parent, trace_state) SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7);",
                Array(events, entry => entry.Sequence, NpgsqlDbType.Bigint),
                Array(events, entry => entry.Event.Id, NpgsqlDbType.Uuid),
                Array(events, entry => Topics.Of(entry.Event.GetType()), NpgsqlDbType.Text),
                Array(events, entry => OutboxEntry.Serialize(entry.Event), NpgsqlDbType.Text),
                Array(events, entry => entry.Event.OccurredAt, NpgsqlDbType.TimestampTz),
                Array(events, entry => TraceContextFormat.FormatTraceParent(entry.Event.TraceContext), NpgsqlDbType.Text),
                Array(events, entry => TraceContextFormat.FormatTraceState(entry.Event.TraceContext), NpgsqlDbType.Text)));
            store.BatchCommands.Add(new NpgsqlBatchCommand(NotifyRelay));
        }
        if (store.BatchCommands.Count > 0)
        {
            await store.ExecuteNonQueryAsync();
        }
        committing();
        await transaction.CommitAsync();
    }

    /// <returns>The ids among <paramref name="ids"/> that were posts.</returns>
    private static async Task<HashSet<long>> DeleteAsync(NpgsqlConnection connection, long[] ids)
    {
        var deleted = new HashSet<long>();
        if (ids.Length == 0)
        {
            return deleted;
        }
        await using var command = new NpgsqlCommand("DELETE FROM posts WHERE id = ANY($1) RETURNING id;", connection)
        {
            Parameters = { new() { Value = ids } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            deleted.Add(reader.GetInt64(0));
        }
        return deleted;
    }

    /// <returns>The last post id and outbox sequence of this batch's numbers.</returns>
    private static async Task<(long PostId, long Sequence)> TakeNumbersAsync(NpgsqlConnection connection, int posts, int deletions)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE counters SET last_post_id = last_post_id + $1, last_sequence = last_sequence + $2 RETURNING last_post_id, last_sequence;",
            connection)
        {
            Parameters = { new() { Value = (long)posts }, new() { Value = (long)(posts + deletions) } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static NpgsqlParameter Array<TItem, TValue>(List<TItem> items, Func<TItem, TValue> value, NpgsqlDbType elementType) =>
        new() { Value = items.Select(value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | elementType };

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private abstract class PendingWrite(ActivityContext traceContext, CancellationToken cancellationToken)
    {
        /// <summary>The caller's span, which the stored event's publish continues.</summary>
        public ActivityContext TraceContext => traceContext;

        public CancellationToken CancellationToken => cancellationToken;

        public abstract void Complete();

        public abstract void Fail(Exception exception);

        public abstract void Cancel();
    }

    private abstract class PendingWrite<T>(ActivityContext traceContext, CancellationToken cancellationToken)
        : PendingWrite(traceContext, cancellationToken)
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public T Result { get; set; } = default!;

        public override void Complete() => Completion.TrySetResult(Result);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);

        public override void Cancel() => Completion.TrySetCanceled(CancellationToken);
    }

    private sealed class PendingPost(PostDraft draft, DateTimeOffset publishedAt, ActivityContext traceContext, CancellationToken cancellationToken)
        : PendingWrite<Post>(traceContext, cancellationToken)
    {
        public PostDraft Draft => draft;

        public DateTimeOffset PublishedAt => publishedAt;
    }

    private sealed class PendingDelete(long id, DateTimeOffset deletedAt, ActivityContext traceContext, CancellationToken cancellationToken)
        : PendingWrite<bool>(traceContext, cancellationToken)
    {
        public long Id => id;

        public DateTimeOffset DeletedAt => deletedAt;
    }
}
