using Hiroba.TestSupport;

namespace Hiroba.Feed.Tests;

/// <summary>One broker and one Feed service with a fresh data folder, shared by the tests of a class.</summary>
public sealed class FeedFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _run = new("feed-run");

    public FeedFixture()
        : this(new MosquittoFixture())
    {
    }

    private FeedFixture(MosquittoFixture broker) => Broker = broker;

    public MosquittoFixture Broker { get; }

    public FeedFactory Feed { get; private set; } = null!;

    /// <summary>With a broker that keeps persistent sessions across its restarts (<see cref="MosquittoFixture.Persistent"/>).</summary>
    public static FeedFixture WithPersistentBroker() => new(MosquittoFixture.Persistent());

    public FeedApiClient CreateClient() => new(new HttpClient { BaseAddress = Feed.RootUri });

    public async Task InitializeAsync()
    {
        await Broker.StartAsync();
        Feed = new FeedFactory(FeedFactory.Settings(Broker, _run.Path));
        _ = Feed.RootUri;
    }

    public async Task DisposeAsync()
    {
        await Feed.DisposeAsync();
        await Broker.DisposeAsync();
        _run.Dispose();
    }
}
