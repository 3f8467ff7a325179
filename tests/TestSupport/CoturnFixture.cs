using System.Net;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Hiroba.LocalComponents;
using Hiroba.TestSupport.Containers;

namespace Hiroba.TestSupport;

/// <summary>
/// The real coturn with a random TURN REST secret, in a container started through Testcontainers on the tests' network,
/// with its generated files in a temp folder mounted at the same path; on 127.0.0.1 unless a stack gives it another
/// address. On loopback it opts in to relaying between loopback peers (unless made by <see cref="OnLoopback"/>): the
/// tests' browsers have no other address, so their calls relay between 127.0.0.1 peers; on any other address it refuses
/// them, as ./run serving a room does.
/// </summary>
public sealed class CoturnFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new("coturn");
    private readonly CoturnOptions _options;
    private readonly IPAddress _address;
    private IContainer? _container;

    public CoturnFixture()
        : this(IPAddress.Loopback)
    {
    }

    /// <param name="listeningAddress">Where it listens and relays, e.g. a test namespace's LAN address.</param>
    internal CoturnFixture(IPAddress listeningAddress)
        : this(listeningAddress, IPAddress.IsLoopback(listeningAddress))
    {
    }

    private CoturnFixture(IPAddress listeningAddress, bool allowLoopbackPeers)
    {
        _address = listeningAddress;
        _options = new CoturnOptions(
            _directory.Path, Secrets.Create(), AllowLoopbackPeers: allowLoopbackPeers,
            ListeningAddress: listeningAddress.ToString());
        CoturnConfiguration.Validate(_options);
        Port = FreePorts.TcpAndUdp(listeningAddress);
        RelayPorts = FreePorts.RelayRange(_options.RelayPortCount, listeningAddress);
    }

    /// <summary>A coturn on loopback that relays to loopback peers or, as on any other address, refuses them.</summary>
    public static CoturnFixture OnLoopback(bool allowLoopbackPeers) => new(IPAddress.Loopback, allowLoopbackPeers);

    public string Host => _options.ListeningAddress;

    /// <summary>The TURN port, UDP and TCP.</summary>
    public int Port { get; }

    /// <summary>Where TURN clients reach it.</summary>
    public IPEndPoint Endpoint => new(_address, Port);

    /// <summary>Where it relays (UDP).</summary>
    public PortRange RelayPorts { get; }

    public string Secret => _options.Secret;

    public string Realm => _options.Realm;

    public async Task StartAsync()
    {
        var configFile = await CoturnConfiguration.WriteAsync(_options, Port, RelayPorts, CancellationToken.None);
        _container = TestImages.Coturn()
            .WithBindMount(_directory.Path, _directory.Path)
            .WithCommand("-c", configFile)
            .WithWaitStrategy(Wait.ForUnixContainer()
                .AddCustomWaitStrategy(new UntilProbeAnswers(ct => ReadinessProbes.TcpAcceptsAsync(_address, Port, ct)), TestImages.ReadyWithin)
                .AddCustomWaitStrategy(new UntilProbeAnswers(ct => ReadinessProbes.StunAnswersAsync(_address, Port, ct)), TestImages.ReadyWithin))
            .Build();
        await _container.StartAsync();
    }

    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
        _directory.Dispose();
    }
}
