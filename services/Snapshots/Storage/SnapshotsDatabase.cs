using System.Threading.Channels;
using Hiroba.ServiceDefaults;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Hiroba.Snapshots.Storage;

/// <summary>
/// The SQLite file <c>snapshots.db</c> in <c>Data:Path</c>, in WAL mode with <c>synchronous = NORMAL</c> (a commit
/// reaches the OS at once and the disk at the next checkpoint: metadata of images that are replaced every few seconds
/// does not need a disk flush per upload). All writes run on one connection, in the order they were queued; whatever
/// queued up while a transaction committed goes into the next one, so a burst of uploads costs few commits.
/// </summary>
public sealed partial class SnapshotsDatabase(IOptions<DataOptions> options, ILogger<SnapshotsDatabase> logger) : IAsyncDisposable
{
    public const string FileName = "snapshots.db";
    private const int MaxWritesPerTransaction = 512;

    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    private SqliteConnection? _connection;
    private SqlStatements? _statements;
    private Task? _writeLoop;

    private string ConnectionString { get; } = SqliteFiles.ConnectionString(options.Value.Path, FileName);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await SqliteFiles.OpenAsync(
            options.Value.Path, FileName, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", cancellationToken);
        foreach (var version in await SqliteMigrations.ApplyAsync(connection, SnapshotsSchema.Migrations, FileName, cancellationToken))
        {
            LogMigrated(logger, version);
        }
        _connection = connection;
        _statements = new SqlStatements(connection);
        // A thread of its own: commits block on SQLite (and on the disk at checkpoints), which must not take a thread
        // from the pool that serves uploads and host streams.
        _writeLoop = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Queues <paramref name="write"/>; the task completes once its transaction is committed.</summary>
    public Task WriteAsync(Action<SqlStatements> write)
    {
        var pending = new PendingWrite(write);
        return _writes.Writer.TryWrite(pending) ? pending.Completion.Task : Task.FromException(new ObjectDisposedException(FileName));
    }

    /// <summary>A connection of its own for reading; dispose it when done.</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        if (_writeLoop is not null)
        {
            await _writeLoop;
        }
        _statements?.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private void WriteLoop()
    {
        var batch = new List<PendingWrite>(MaxWritesPerTransaction);
        while (_writes.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxWritesPerTransaction && _writes.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<PendingWrite> batch)
    {
        var statements = _statements!;
        var failed = new HashSet<PendingWrite>();
        try
        {
            using var transaction = _connection!.BeginTransaction();
            statements.Transaction = transaction;
            foreach (var pending in batch)
            {
                try
                {
                    pending.Write(statements);
                }
                catch (SqliteException exception)
                {
                    // A failed statement undoes only itself; the others in this transaction stand.
                    pending.Completion.TrySetException(exception);
                    failed.Add(pending);
                }
            }
            transaction.Commit();
        }
        catch (Exception exception)
        {
            LogCommitFailed(logger, exception, batch.Count);
            batch.ForEach(pending => pending.Completion.TrySetException(exception));
            return;
        }
        foreach (var pending in batch.Where(pending => !failed.Contains(pending)))
        {
            pending.Completion.TrySetResult();
        }
    }

    private sealed record PendingWrite(Action<SqlStatements> Write)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(LogLevel.Information, "Snapshots database migrated to schema version {Version}")]
    private static partial void LogMigrated(ILogger logger, int version);

    [LoggerMessage(LogLevel.Error, "A transaction of {Count} writes to the snapshots database failed")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int count);
}
