using Hiroba.TestSupport;

namespace Hiroba.Feed.Tests;

/// <summary>Tests that run Feeds on a data folder of their own and look at its files: a broker, a key ring and the folder.</summary>
public abstract class FeedStoreTests : IAsyncLifetime
{
    private readonly MosquittoFixture _broker = new();
    private readonly TemporaryDirectory _keyRing = new("keyring");
    private readonly TemporaryDirectory _data = new("feed-data");

    protected string DataPath => _data.Path;

    /// <summary>The settings of a Feed on this folder; add or change some before starting it.</summary>
    protected Dictionary<string, string?> Settings() => FeedFactory.Settings(_broker, _keyRing.Path, _data.Path);

    public Task InitializeAsync() => _broker.StartAsync();

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _data.Dispose();
        _keyRing.Dispose();
    }
}
