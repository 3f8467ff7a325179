using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Hiroba.Sqlite;

/// <summary>
/// Runs write work on one connection, one item after another, and commits the items that queued up meanwhile in one
/// transaction: one disk sync for many writes when they come fast ("group commit"). Each item runs in a savepoint, so
/// a failing item is undone alone; a caller hears back only after the commit that made its change durable.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxItemsPerCommit = 256;
    private const string Savepoint = "item";

    private readonly SqliteConnection _connection;
    private readonly Channel<IQueuedItem> _queue =
        Channel.CreateUnbounded<IQueuedItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public GroupCommitWriter(SqliteConnection connection)
    {
        _connection = connection;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>A write (<see cref="IWriteItem"/>) or work between commits (<see cref="BetweenCommitsItem"/>).</summary>
    private interface IQueuedItem;

    private interface IWriteItem : IQueuedItem
    {
        bool IsCancelled { get; }

        Task RunAsync(SqliteTransaction transaction);

        void Complete();

        void Fail(Exception exception);
    }

    public Task<T> WriteAsync<T>(Func<SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var item = new WriteItem<T>(work, cancellationToken);
        return _queue.Writer.TryWrite(item) ? item.Completion : throw new ObjectDisposedException(nameof(GroupCommitWriter));
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the writing connection between two commits, outside any transaction, so no
    /// write happens while it runs.
    /// </summary>
    public Task RunBetweenCommitsAsync(Func<SqliteConnection, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var item = new BetweenCommitsItem(_connection, work, cancellationToken);
        return _queue.Writer.TryWrite(item) ? item.Completion : throw new ObjectDisposedException(nameof(GroupCommitWriter));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<IWriteItem>(MaxItemsPerCommit);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxItemsPerCommit && _queue.Reader.TryPeek(out var item))
            {
                if (item is BetweenCommitsItem betweenCommits)
                {
                    if (batch.Count > 0)
                    {
                        break;
                    }
                    _queue.Reader.TryRead(out _);
                    await betweenCommits.RunAsync();
                    continue;
                }
                _queue.Reader.TryRead(out _);
                batch.Add((IWriteItem)item);
            }
            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                batch.Clear();
            }
        }
    }

    private async Task CommitAsync(List<IWriteItem> batch)
    {
        var succeeded = new List<IWriteItem>(batch.Count);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync();
            foreach (var item in batch)
            {
                if (await RunInSavepointAsync(transaction, item))
                {
                    succeeded.Add(item);
                }
            }
            await transaction.CommitAsync();
        }
        catch (Exception exception)
        {
            // Nothing of this batch was committed; items that already failed on their own keep their own error.
            batch.ForEach(item => item.Fail(exception));
            return;
        }
        succeeded.ForEach(item => item.Complete());
    }

    private static async Task<bool> RunInSavepointAsync(SqliteTransaction transaction, IWriteItem item)
    {
        if (item.IsCancelled)
        {
            item.Fail(new OperationCanceledException());
            return false;
        }

        await transaction.SaveAsync(Savepoint);
        try
        {
            await item.RunAsync(transaction);
            await transaction.ReleaseAsync(Savepoint);
            return true;
        }
        catch (Exception exception)
        {
            await transaction.RollbackAsync(Savepoint);
            await transaction.ReleaseAsync(Savepoint);
            item.Fail(exception);
            return false;
        }
    }

    private sealed class BetweenCommitsItem(
        SqliteConnection connection, Func<SqliteConnection, CancellationToken, Task> work, CancellationToken cancellationToken)
        : IQueuedItem
    {
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Completion => _completion.Task;

        public async Task RunAsync()
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                await work(connection, cancellationToken);
                _completion.TrySetResult();
            }
            catch (OperationCanceledException)
            {
                _completion.TrySetCanceled(cancellationToken);
            }
            catch (Exception exception)
            {
                _completion.TrySetException(exception);
            }
        }
    }

    private sealed class WriteItem<T>(Func<SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        : IWriteItem
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The caller's, so that its trace (<c>Activity.Current</c>) and log scopes follow the work onto the writer's loop.</summary>
        private readonly ExecutionContext? _callerContext = ExecutionContext.Capture();
        private T? _result;

        public Task<T> Completion => _completion.Task;

        public bool IsCancelled => cancellationToken.IsCancellationRequested;

        public Task RunAsync(SqliteTransaction transaction)
        {
            if (_callerContext is null)
            {
                return RunWorkAsync(transaction);
            }
            Task running = Task.CompletedTask;
            ExecutionContext.Run(_callerContext, _ => running = RunWorkAsync(transaction), null);
            return running;
        }

        private async Task RunWorkAsync(SqliteTransaction transaction) => _result = await work(transaction, cancellationToken);

        public void Complete() => _completion.TrySetResult(_result!);

        public void Fail(Exception exception)
        {
            if (exception is OperationCanceledException)
            {
                _completion.TrySetCanceled(cancellationToken);
            }
            else
            {
                _completion.TrySetException(exception);
            }
        }
    }
}
