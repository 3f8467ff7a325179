using Hiroba.TestSupport;

namespace Hiroba.Feed.Tests;

/// <summary>Tests that run Feeds on a data folder of their own and look at its files: a broker, a key ring and the folder.</summary>
public abstract class FeedStoreTests : IAsyncLifetime
{
    private readonly MosquittoFixture _broker = new();
    private readonly TemporaryDirectory _run = new("feed-run");

    /// <summary>Feed's own data folder.</summary>
    protected string DataPath => FeedFactory.DataPath(_run.Path);

    /// <summary>The settings of a Feed on this folder; add or change some before starting it.</summary>
    protected Dictionary<string, string?> Settings() => FeedFactory.Settings(_broker, _run.Path);

    public Task InitializeAsync() => _broker.StartAsync();

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _run.Dispose();
    }
}
