using System.Globalization;
using System.Net.NetworkInformation;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Hiroba.Contracts;
using Hiroba.LocalComponents;
using Hiroba.TestSupport.Containers;

namespace Hiroba.TestSupport;

/// <summary>
/// The real mosquitto in the production layout (internal listener with random service credentials, read-only public
/// websockets listener), in a container started through Testcontainers on the tests' network, with its generated files
/// in a temp folder mounted at the same path. Stop and start again keep the same container and ports, for reconnect tests.
/// </summary>
public sealed class MosquittoFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new("mosquitto");
    private readonly MosquittoOptions _options;
    private IContainer? _container;

    public MosquittoFixture()
        : this(persistent: false)
    {
    }

    private MosquittoFixture(bool persistent)
    {
        _options = new MosquittoOptions(
            _directory.Path, $"service-{Secrets.Create(16)[..8]}", Secrets.Create(), PublicTopics.All,
            PersistenceDirectory: persistent ? System.IO.Path.Combine(_directory.Path, "data") : null);
        MosquittoConfiguration.Validate(_options);
        Port = FreePorts.Tcp();
        WebSocketPort = FreePorts.Tcp();
    }

    /// <summary>
    /// A broker that keeps persistent sessions and their queued messages across <see cref="StopAsync"/> and
    /// <see cref="StartAsync"/>. Start it with <see cref="StartAsync"/>; dispose it when done.
    /// </summary>
    public static MosquittoFixture Persistent() => new(persistent: true);

    public string Host => "127.0.0.1";

    /// <summary>The internal MQTT listener; needs <see cref="ServiceUsername"/> and <see cref="ServicePassword"/>.</summary>
    public int Port { get; }

    /// <summary>The public websockets listener: anonymous, read-only, public topics only.</summary>
    public int WebSocketPort { get; }

    /// <summary>The public websockets listener as a page reaches it (the gateway's <c>/mqtt</c> forwards there).</summary>
    public Uri PublicListenerUri => new($"ws://{Host}:{WebSocketPort}/mqtt");

    /// <summary>
    /// The connections the broker holds on its public websockets listener: open, or ended by the other side but not yet
    /// closed by the broker.
    /// </summary>
    public int PublicListenerConnections => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
        .Count(connection => connection.LocalEndPoint.Port == WebSocketPort && connection.State is TcpState.Established or TcpState.CloseWait);

    public string ServiceUsername => _options.ServiceUsername;

    public string ServicePassword => _options.ServicePassword;

    /// <summary>The most memory the running broker (the container's first process) has held so far.</summary>
    public async Task<long> PeakResidentBytesAsync()
    {
        var status = await Container.ExecAsync(["cat", "/proc/1/status"]);
        var line = status.Stdout.Split('\n').First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>What the broker has logged since its container was made, across restarts.</summary>
    public async Task<IReadOnlyList<string>> LogLinesAsync()
    {
        var (stdout, stderr) = await Container.GetLogsAsync(timestampsEnabled: false);
        return (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Starts the broker, the first time in a new container, then the same one again.</summary>
    public async Task StartAsync()
    {
        if (_container is null)
        {
            var configFile = await MosquittoConfiguration.WriteAsync(_options, Port, WebSocketPort, CancellationToken.None);
            _container = TestImages.Mosquitto()
                .WithBindMount(_directory.Path, _directory.Path)
                .WithCommand("-c", configFile)
                .WithWaitStrategy(Wait.ForUnixContainer()
                    .UntilMessageIsLogged(@"mosquitto version \S+ running", TestImages.ReadyWithin)
                    .AddCustomWaitStrategy(new UntilProbeAnswers(ct => ReadinessProbes.TcpAcceptsAsync(Port, ct)), TestImages.ReadyWithin)
                    .AddCustomWaitStrategy(new UntilProbeAnswers(ct => ReadinessProbes.TcpAcceptsAsync(WebSocketPort, ct)), TestImages.ReadyWithin))
                .Build();
        }
        await _container.StartAsync();
    }

    /// <summary>Publishes <paramref name="message"/> at QoS 1 with <c>mosquitto_pub</c> as the services' user, on the internal listener.</summary>
    public Task<CommandLineResult> PublishAsServiceAsync(string topic, string message) =>
        CommandLineTool.RunAsync("mosquitto_pub",
            ["-h", Host, "-p", $"{Port}", "-u", ServiceUsername, "-P", ServicePassword, "-t", topic, "-m", message, "-q", "1"],
            TimeSpan.FromSeconds(30));

    /// <summary>Stops gracefully (SIGTERM); <see cref="StartAsync"/> brings it back on the same ports.</summary>
    public Task StopAsync() => Container.StopAsync();

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

    private IContainer Container => _container ?? throw new InvalidOperationException("The broker was never started.");
}
