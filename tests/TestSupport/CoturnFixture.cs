using Hiroba.LocalComponents;

namespace Hiroba.TestSupport;

/// <summary>
/// The real coturn with a random TURN REST secret, in a temp folder. It opts in to relaying between loopback peers: the
/// tests' browsers have no other address, so their calls relay between 127.0.0.1 peers.
/// </summary>
public sealed class CoturnFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new("coturn");
    private readonly CoturnServer _server;

    public CoturnFixture()
    {
        _server = new CoturnServer(new CoturnOptions(_directory.Path, Secrets.Create(), AllowLoopbackPeers: true));
    }

    public string Host => _server.Host;

    /// <summary>The TURN port, UDP and TCP.</summary>
    public int Port => _server.Port;

    public string Secret => _server.Secret;

    public string Realm => _server.Realm;

    public IReadOnlyList<string> RecentLogLines => _server.RecentOutput;

    Task IAsyncLifetime.InitializeAsync() => _server.StartAsync(CancellationToken.None);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }
}
