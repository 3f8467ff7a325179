using System.Net;

namespace Hiroba.LocalComponents;

/// <summary>coturn on a port free for TCP and UDP (or the one given), chosen once so that a restart comes back on the same ports.</summary>
public sealed class CoturnServer : ConfigFileServer
{
    private readonly CoturnOptions _options;

    public CoturnServer(CoturnOptions options)
        : base("coturn", "turnserver", Validated(options).Directory, options.OnOutputLine, options.ListeningAddress)
    {
        _options = options;
        var address = IPAddress.Parse(options.ListeningAddress);
        Port = options.Port == 0 ? FreePorts.TcpAndUdp(address) : options.Port;
        RelayPorts = options.RelayPorts ?? FreePorts.RelayRange(options.RelayPortCount, address);
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
        var address = IPAddress.Parse(Host);
        await process.WaitForTcpPortAsync(address, Port, ReadyTimeout, cancellationToken);
        await process.WaitUntilReadyAsync(
            $"UDP port {Port} on {Host} answers a STUN Binding Request", ct => ReadinessProbes.StunAnswersAsync(address, Port, ct),
            ReadyTimeout, cancellationToken);
    }

    private static CoturnOptions Validated(CoturnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CoturnConfiguration.Validate(options);
        return options;
    }
}
