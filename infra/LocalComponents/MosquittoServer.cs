namespace Hiroba.LocalComponents;

/// <summary>
/// mosquitto with the production layout on free ports chosen once, so a restart comes back on the same ports.
/// </summary>
public sealed class MosquittoServer : ConfigFileServer
{
    /// <summary>
    /// mosquitto's <c>memory_limit</c>, the most heap it takes (also infra/mosquitto/mosquitto.conf's): a few times what
    /// its sessions and queued events need, so a client that sends a packet too big for it is disconnected instead.
    /// </summary>
    public const long MemoryLimitBytes = 64L * 1024 * 1024;

    private readonly MosquittoOptions _options;

    public MosquittoServer(MosquittoOptions options)
        : base("mosquitto", "mosquitto", Validated(options).Directory, options.OnOutputLine)
    {
        _options = options;
        Port = FreePorts.Tcp();
        WebSocketPort = FreePorts.Tcp();
    }

    /// <summary>The internal MQTT listener (services, username and password).</summary>
    public int Port { get; }

    /// <summary>The public websockets listener (anonymous, read-only public topics).</summary>
    public int WebSocketPort { get; }

    public string ServiceUsername => _options.ServiceUsername;

    public string ServicePassword => _options.ServicePassword;

    protected override Task<string> WriteConfigurationAsync(CancellationToken cancellationToken) =>
        MosquittoConfiguration.WriteAsync(_options, Port, WebSocketPort, cancellationToken);

    protected override async Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        await process.WaitForTcpPortAsync(Port, ReadyTimeout, cancellationToken);
        await process.WaitForTcpPortAsync(WebSocketPort, ReadyTimeout, cancellationToken);
    }

    private static MosquittoOptions Validated(MosquittoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MosquittoConfiguration.Validate(options);
        return options;
    }
}
