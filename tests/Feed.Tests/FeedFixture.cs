using Hiroba.TestSupport;

namespace Hiroba.Feed.Tests;

/// <summary>One broker and one Feed service with a fresh data folder, shared by the tests of a class.</summary>
public sealed class FeedFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _keyRing = new("keyring");
    private readonly TemporaryDirectory _data = new("feed-data");

    public MosquittoFixture Broker { get; } = new();

    public FeedFactory Feed { get; private set; } = null!;

    public FeedApiClient CreateClient() => new(new HttpClient { BaseAddress = Feed.RootUri });

    public async Task InitializeAsync()
    {
        await Broker.StartAsync();
        Feed = new FeedFactory(FeedFactory.Settings(Broker, _keyRing.Path, _data.Path));
        _ = Feed.RootUri;
    }

    public async Task DisposeAsync()
    {
        await Feed.DisposeAsync();
        await Broker.DisposeAsync();
        _data.Dispose();
        _keyRing.Dispose();
    }
}
