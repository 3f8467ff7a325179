using System.Net.NetworkInformation;
using Hiroba.LocalComponents;
using Hiroba.Contracts;

namespace Hiroba.TestSupport;

/// <summary>
/// The real mosquitto in the production layout (internal listener with random service credentials, read-only public
/// websockets listener), in a temp folder. Stop and start again keep the same ports, for reconnect tests.
/// </summary>
public sealed class MosquittoFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new("mosquitto");
    private readonly MosquittoServer _server;

    public MosquittoFixture()
        : this(persistent: false)
    {
    }

    private MosquittoFixture(bool persistent)
    {
        _server = new MosquittoServer(new MosquittoOptions(
            _directory.Path, $"service-{Secrets.Create(16)[..8]}", Secrets.Create(), PublicTopics.All,
            PersistenceDirectory: persistent ? System.IO.Path.Combine(_directory.Path, "data") : null));
    }

    /// <summary>
    /// A broker that keeps persistent sessions and their queued messages across <see cref="StopAsync"/> and
    /// <see cref="StartAsync"/>. Start it with <see cref="StartAsync"/>; dispose it when done.
    /// </summary>
    public static MosquittoFixture Persistent() => new(persistent: true);

    public string Host => _server.Host;

    /// <summary>The internal MQTT listener; needs <see cref="ServiceUsername"/> and <see cref="ServicePassword"/>.</summary>
    public int Port => _server.Port;

    /// <summary>The public websockets listener: anonymous, read-only, public topics only.</summary>
    public int WebSocketPort => _server.WebSocketPort;

    /// <summary>The public websockets listener as a page reaches it (the gateway's <c>/mqtt</c> forwards there).</summary>
    public Uri PublicListenerUri => new($"ws://{Host}:{WebSocketPort}/mqtt");

    /// <summary>
    /// The connections the broker holds on its public websockets listener: open, or ended by the other side but not yet
    /// closed by the broker.
    /// </summary>
    public int PublicListenerConnections => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
        .Count(connection => connection.LocalEndPoint.Port == WebSocketPort && connection.State is TcpState.Established or TcpState.CloseWait);

    /// <summary>The most memory the running broker has held so far.</summary>
    public long PeakResidentBytes => ProcReadings.PeakResidentBytes(_server.Process!.Id);

    public string ServiceUsername => _server.ServiceUsername;

    public string ServicePassword => _server.ServicePassword;

    public IReadOnlyList<string> RecentLogLines => _server.RecentOutput;

    public Task StartAsync() => _server.StartAsync(CancellationToken.None);

    /// <summary>Stops gracefully (SIGTERM); <see cref="StartAsync"/> brings it back on the same ports.</summary>
    public Task StopAsync() => _server.StopAsync();

    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }
}
