using System.Net;

namespace Hiroba.LocalComponents;

/// <summary>
/// Debian's Janus with <see cref="JanusConfiguration"/>, its REST API on a loopback port and its RTP ports chosen once,
/// so that a restart comes back on the same ones. Ready once <c>GET /janus/info</c> answers.
/// </summary>
public sealed class JanusServer : LocalComponent
{
    private readonly JanusOptions _options;

    public JanusServer(JanusOptions options)
        : base("janus", Validated(options).OnOutputLine)
    {
        _options = options;
        ApiPort = options.ApiPort == 0 ? FreePorts.Tcp() : options.ApiPort;
        MediaPorts = options.MediaPorts ?? FreePorts.RelayRange(options.MediaPortCount, IPAddress.Parse(options.MediaAddress));
    }

    public int ApiPort { get; }

    public PortRange MediaPorts { get; }

    /// <summary>The REST API's root, e.g. <c>http://127.0.0.1:8088/janus</c>.</summary>
    public Uri ApiUrl => new($"http://127.0.0.1:{ApiPort}/janus");

    public string ApiSecret => _options.ApiSecret;

    /// <summary>Where the generated configuration is written.</summary>
    public string ConfigDirectory => Path.GetFullPath(_options.Directory);

    protected override Task PrepareAsync(CancellationToken cancellationToken) =>
        JanusConfiguration.WriteAsync(_options, ApiPort, MediaPorts, cancellationToken);

    protected override ChildProcessOptions DescribeProcess() =>
        ProcessOptions("janus", JanusConfiguration.Arguments(_options.Directory), workingDirectory: _options.Directory);

    protected override Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken) =>
        process.WaitUntilReadyAsync(
            $"GET {ApiUrl}/info answers", ct => ReadinessProbes.JanusAnswersAsync(ApiUrl, ct),
            ReadyTimeout, cancellationToken);

    private static JanusOptions Validated(JanusOptions options)
    {
        JanusConfiguration.Validate(options);
        return options;
    }
}
