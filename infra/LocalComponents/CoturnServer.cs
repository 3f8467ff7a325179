namespace Hiroba.LocalComponents;

/// <summary>coturn on a port free for TCP and UDP, chosen once so that a restart comes back on the same ports.</summary>
public sealed class CoturnServer : LocalComponent
{
    private const string Executable = "turnserver";
    private readonly CoturnOptions _options;
    private string? _configFile;

    public CoturnServer(CoturnOptions options) : base("coturn", options?.OnOutputLine)
    {
        ArgumentNullException.ThrowIfNull(options);
        CoturnConfiguration.Validate(options);
        _options = options;
        Port = FreePorts.TcpAndUdp();
        RelayPorts = FreePorts.RelayRange(options.RelayPortCount);
    }

    public string Host => "127.0.0.1";

    /// <summary>The TURN/STUN port, on both UDP and TCP.</summary>
    public int Port { get; }

    public PortRange RelayPorts { get; }

    public string Secret => _options.Secret;

    public string Realm => _options.Realm;

    public string ConfigDirectory => _options.Directory;

    protected override async Task PrepareAsync(CancellationToken cancellationToken) =>
        _configFile = await CoturnConfiguration.WriteAsync(_options, Port, RelayPorts, cancellationToken);

    protected override ChildProcessOptions DescribeProcess() =>
        ProcessOptions(Executable, ["-c", _configFile!], workingDirectory: _options.Directory);

    protected override async Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        await process.WaitForTcpPortAsync(Port, ReadyTimeout, cancellationToken);
        await process.WaitUntilReadyAsync(
            $"UDP port {Port} answers a STUN Binding Request", ct => ReadinessProbes.StunAnswersAsync(Port, ct),
            ReadyTimeout, cancellationToken);
    }
}
