using Hiroba.Feed.Storage;
using Hiroba.PostgreSql;
using Hiroba.TestSupport;

namespace Hiroba.Feed.Tests;

/// <summary>One broker and one Feed service with a fresh data folder (SQLite), shared by the tests of a class.</summary>
public class FeedFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _run = new("feed-run");

    public FeedFixture()
        : this(new MosquittoFixture(), StorageProvider.Sqlite)
    {
    }

    protected FeedFixture(MosquittoFixture broker, StorageProvider storage)
    {
        Broker = broker;
        Database = storage == StorageProvider.PostgreSql ? new PostgresFixture() : null;
    }

    public MosquittoFixture Broker { get; }

    /// <summary>The PostgreSQL server, when Feed keeps its posts there.</summary>
    public PostgresFixture? Database { get; }

    public FeedFactory Feed { get; private set; } = null!;

    /// <summary>With a broker that keeps persistent sessions across its restarts (<see cref="MosquittoFixture.Persistent"/>).</summary>
    public static FeedFixture WithPersistentBroker(StorageProvider storage) => new(MosquittoFixture.Persistent(), storage);

    public FeedApiClient CreateClient() => new(new HttpClient { BaseAddress = Feed.RootUri });

    /// <summary>Feed's settings here: the broker, the run folder, and the database when it is PostgreSQL.</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = FeedFactory.Settings(Broker, _run.Path);
        Database?.AddStorageSettings(settings, "Feed");
        return settings;
    }

    public async Task InitializeAsync()
    {
        await Broker.StartAsync();
        if (Database is not null)
        {
            await Database.StartAsync();
        }
        Feed = new FeedFactory(Settings());
        _ = Feed.RootUri;
    }

    public async Task DisposeAsync()
    {
        await Feed.DisposeAsync();
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
        await Broker.DisposeAsync();
        _run.Dispose();
    }
}

/// <summary>The same with Feed's posts in PostgreSQL.</summary>
public sealed class PostgresFeedFixture() : FeedFixture(new MosquittoFixture(), StorageProvider.PostgreSql);
