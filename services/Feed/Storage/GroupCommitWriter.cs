using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Hiroba.Feed.Storage;

/// <summary>
/// Runs write work on one connection, one item after another, and commits the items that queued up meanwhile in one
/// transaction: one disk sync for many posts when they come fast ("group commit"). Each item runs in a savepoint, so
/// a failing item is undone alone; a caller hears back only after the commit that made its change durable.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxItemsPerCommit = 256;
    private const string Savepoint = "item";

    private readonly SqliteConnection _connection;
    private readonly Channel<IWriteItem> _queue =
        Channel.CreateUnbounded<IWriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public GroupCommitWriter(SqliteConnection connection)
    {
        _connection = connection;
        _loop = Task.Run(RunAsync);
    }

    private interface IWriteItem
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
            while (batch.Count < MaxItemsPerCommit && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            await CommitAsync(batch);
            batch.Clear();
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

    private sealed class WriteItem<T>(Func<SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        : IWriteItem
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Completion => _completion.Task;

        public bool IsCancelled => cancellationToken.IsCancellationRequested;

        public async Task RunAsync(SqliteTransaction transaction) => _result = await work(transaction, cancellationToken);

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
