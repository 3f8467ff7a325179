namespace Hiroba.LocalComponents;

/// <summary>coturn on a port free for TCP and UDP, chosen once so that a restart comes back on the same ports.</summary>
public sealed class CoturnServer : ConfigFileServer
{
    private readonly CoturnOptions _options;

    public CoturnServer(CoturnOptions options)
        : base("coturn", "turnserver", Validated(options).Directory, options.OnOutputLine)
    {
        _options = options;
        Port = FreePorts.TcpAndUdp();
        RelayPorts = FreePorts.RelayRange(options.RelayPortCount);
    }

    /// <summary>The TURN/STUN port, on both UDP and TCP.</summary>
    public int Port { get; }

    public PortRange RelayPorts { get; }

    public string Secret => _options.Secret;

    public string Realm => _options.Realm;

    protected override Task<string> WriteConfigurationAsync(CancellationToken cancellationToken) =>
        CoturnConfiguration.WriteAsync(_options, Port, RelayPorts, cancellationToken);

    protected override async Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        await process.WaitForTcpPortAsync(Port, ReadyTimeout, cancellationToken);
        await process.WaitUntilReadyAsync(
            $"UDP port {Port} answers a STUN Binding Request", ct => ReadinessProbes.StunAnswersAsync(Port, ct),
            ReadyTimeout, cancellationToken);
    }

    private static CoturnOptions Validated(CoturnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CoturnConfiguration.Validate(options);
        return options;
    }
}
