using System.Net;
using Hiroba.LocalComponents;

namespace Hiroba.TestSupport;

/// <summary>
/// Debian's Janus started as ./run starts it (<see cref="JanusServer"/>): the VideoRoom plugin behind the REST API on
/// loopback, a random API secret, ICE on 127.0.0.1 unless a stack gives it another address; its files in a temp folder.
/// </summary>
public sealed class JanusFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new("janus");

    public JanusFixture()
        : this(IPAddress.Loopback)
    {
    }

    /// <param name="mediaAddress">Where Janus gathers its ICE candidates, e.g. a test namespace's LAN address.</param>
    internal JanusFixture(IPAddress mediaAddress)
    {
        Server = new JanusServer(new JanusOptions(_directory.Path, Secrets.Create(), mediaAddress.ToString(), MediaPortCount: 40));
    }

    public JanusServer Server { get; }

    public Uri ApiUrl => Server.ApiUrl;

    public string ApiSecret => Server.ApiSecret;

    Task IAsyncLifetime.InitializeAsync() => Server.StartAsync(CancellationToken.None);

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
