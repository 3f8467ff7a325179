namespace Hiroba.LocalComponents;

/// <summary>
/// mosquitto with the production layout on free ports chosen once, so a restart comes back on the same ports.
/// </summary>
public sealed class MosquittoServer : LocalComponent
{
    private const string Executable = "mosquitto";
    private readonly MosquittoOptions _options;
    private string? _configFile;

    public MosquittoServer(MosquittoOptions options) : base("mosquitto", options?.OnOutputLine)
    {
        ArgumentNullException.ThrowIfNull(options);
        MosquittoConfiguration.Validate(options);
        _options = options;
        Port = FreePorts.Tcp();
        WebSocketPort = FreePorts.Tcp();
    }

    public string Host => "127.0.0.1";

    /// <summary>The internal MQTT listener (services, username and password).</summary>
    public int Port { get; }

    /// <summary>The public websockets listener (anonymous, read-only public topics).</summary>
    public int WebSocketPort { get; }

    public Uri WebSocketUri => new($"ws://{_options.WebSocketBindAddress}:{WebSocketPort}/mqtt");

    public string ServiceUsername => _options.ServiceUsername;

    public string ServicePassword => _options.ServicePassword;

    public string ConfigDirectory => _options.Directory;

    protected override async Task PrepareAsync(CancellationToken cancellationToken) =>
        _configFile = await MosquittoConfiguration.WriteAsync(_options, Port, WebSocketPort, cancellationToken);

    protected override ChildProcessOptions DescribeProcess() =>
        ProcessOptions(Executable, ["-c", _configFile!], workingDirectory: _options.Directory);

    protected override async Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        await process.WaitForTcpPortAsync(Port, ReadyTimeout, cancellationToken);
        await process.WaitForTcpPortAsync(WebSocketPort, ReadyTimeout, cancellationToken);
    }
}
