using System.Text;
using Hiroba.Deployment.Tests.Files;
using Hiroba.LocalComponents;

namespace Hiroba.Deployment.Tests.Turn;

/// <summary>
/// The compose coturn as docker-compose.yml defines it, run by a real turnserver through the service's own entrypoint
/// (infra/coturn/start-turnserver.sh) and the committed turnserver.conf. Only what the container changes is
/// translated: the mounted folder becomes a copy in a temp folder, the container's private /tmp files go there too, and
/// coturn listens and relays on 127.0.0.1 on free ports instead of on the host's addresses.
/// </summary>
internal sealed class ComposeTurnServer : LocalComponent
{
    private const string ServiceName = "coturn";
    private const string Folder = "infra/coturn";

    private readonly string _directory;
    private readonly PortRange _relayPorts = FreePorts.RelayRange(20);
    private string[] _command = [];

    public ComposeTurnServer(string directory, string secret) : base(ServiceName, onOutputLine: null)
    {
        _directory = directory;
        Secret = secret;
    }

    public string Host => "127.0.0.1";

    public int Port { get; } = FreePorts.TcpAndUdp();

    public string Secret { get; }

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        _command = Service.RunFromCopyOf(Folder, MountedFolder, Service.Entrypoint);
        var config = new StringBuilder();
        foreach (var line in (await File.ReadAllLinesAsync(Path.Combine(MountedFolder, "turnserver.conf"), cancellationToken)))
        {
            config.AppendLine(line switch
            {
                _ when line.StartsWith("userdb=", StringComparison.Ordinal) => $"userdb={Path.Combine(_directory, "turndb")}",
                _ when line.StartsWith("pidfile=", StringComparison.Ordinal) => $"pidfile={Path.Combine(_directory, "turnserver.pid")}",
                _ => line,
            });
        }
        config.AppendLine($"listening-ip={Host}").AppendLine($"relay-ip={Host}");
        await File.WriteAllTextAsync(Path.Combine(MountedFolder, "turnserver.conf"), config.ToString(), cancellationToken);
    }

    protected override ChildProcessOptions DescribeProcess()
    {
        var values = new Dictionary<string, string>
        {
            ["TURN_SECRET"] = Secret,
            ["TURN_HOST"] = Host,
            ["TURN_PORT"] = $"{Port}",
            ["TURN_MIN_PORT"] = $"{_relayPorts.Min}",
            ["TURN_MAX_PORT"] = $"{_relayPorts.Max}",
        };
        var environment = Service.Environment.ToDictionary(entry => entry.Key, entry => (string?)ComposeVariables.Resolve(entry.Value, values));
        return ProcessOptions(_command[0], _command[1..], _directory, environment);
    }

    protected override async Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        await process.WaitForTcpPortAsync(Port, ReadyTimeout, cancellationToken);
        await process.WaitUntilReadyAsync(
            $"UDP port {Port} answers a STUN Binding Request", ct => ReadinessProbes.StunAnswersAsync(Port, ct),
            ReadyTimeout, cancellationToken);
    }

    private static ComposeService Service => ComposeFile.Instance.Services[ServiceName];

    private string MountedFolder => Path.Combine(_directory, "hiroba-coturn");
}
