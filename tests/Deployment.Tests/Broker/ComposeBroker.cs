using System.Globalization;
using System.Text;
using Hiroba.Deployment.Tests.Files;
using Hiroba.LocalComponents;

namespace Hiroba.Deployment.Tests.Broker;

/// <summary>
/// The compose broker as docker-compose.yml defines it, run by a real mosquitto: the password file is written by the
/// mosquitto-password-file service's own command, then mosquitto starts with the committed mosquitto.conf and acl. Only
/// what a container changes is translated: container paths become the mounted repository folders and temp folders for
/// the volumes, and each listener moves to a free port on 127.0.0.1.
/// </summary>
internal sealed class ComposeBroker : LocalComponent
{
    private const string BrokerService = "mosquitto";
    private const string PasswordFileService = "mosquitto-password-file";
    private static readonly TimeSpan PasswordFileTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly string _servicesPassword;
    private readonly Dictionary<int, int> _localPorts;

    public ComposeBroker(string directory, string servicesPassword) : base(BrokerService, onOutputLine: null)
    {
        _directory = directory;
        _servicesPassword = servicesPassword;
        _localPorts = MosquittoConfig.Load().Listeners.ToDictionary(listener => listener.Port, _ => FreePorts.Tcp());
    }

    /// <summary>The local port of the listener that mosquitto.conf puts on <paramref name="containerPort"/>.</summary>
    public int LocalPort(int containerPort) => _localPorts[containerPort];

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await WritePasswordFileAsync(cancellationToken);
        await File.WriteAllTextAsync(ConfigPath, TranslateConfig(Repository.Read(MosquittoConfig.FileName)), cancellationToken);
    }

    protected override ChildProcessOptions DescribeProcess() => ProcessOptions("mosquitto", ["-c", ConfigPath], _directory);

    protected override async Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        foreach (var port in _localPorts.Values)
        {
            await process.WaitForTcpPortAsync(port, ReadyTimeout, cancellationToken);
        }
    }

    private string ConfigPath => Path.Combine(_directory, "mosquitto.conf");

    private async Task WritePasswordFileAsync(CancellationToken cancellationToken)
    {
        var service = ComposeFile.Instance.Services[PasswordFileService];
        var command = service.Entrypoint.Select(argument => LocalPath(service, argument)).ToArray();
        var environment = service.Environment.ToDictionary(
            entry => entry.Key,
            entry => (string?)ComposeVariables.Resolve(entry.Value, new Dictionary<string, string> { ["MQTT_PASSWORD"] = _servicesPassword }));
        await using var script = ChildProcess.Start(new ChildProcessOptions(PasswordFileService, command[0], command[1..], _directory, environment));
        var exitCode = await script.Exited.WaitAsync(PasswordFileTimeout, cancellationToken);
        if (exitCode != 0)
        {
            throw new ChildProcessException($"{PasswordFileService} exited with {exitCode}.", script.RecentOutput);
        }
    }

    private string TranslateConfig(string config)
    {
        var broker = ComposeFile.Instance.Services[BrokerService];
        var local = new StringBuilder();
        foreach (var line in config.Split('\n'))
        {
            var words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["listener", var port, ..])
            {
                local.AppendLine(CultureInfo.InvariantCulture, $"listener {LocalPort(int.Parse(port, CultureInfo.InvariantCulture))} 127.0.0.1");
                continue;
            }
            local.AppendLine(string.Join(' ', words.Select(word => LocalPath(broker, word))));
            if (words is ["protocol", "websockets"])
            {
                // Without it a websockets listener binds every interface (shared docs: real-components.md §1).
                local.AppendLine("socket_domain ipv4");
            }
        }
        // Started as root, mosquitto would switch to user mosquitto, who cannot read the temp folder.
        return local.AppendLine("user root").ToString();
    }

    /// <summary>A container path under one of the service's mounts, as the folder compose would mount there.</summary>
    private string LocalPath(ComposeService service, string containerPath)
    {
        foreach (var mount in service.Volumes)
        {
            if (containerPath == mount.Target || containerPath.StartsWith(mount.Target + "/", StringComparison.Ordinal))
            {
                var source = mount.IsBindMount ? Repository.PathOf(mount.Source) : Directory.CreateDirectory(Path.Combine(_directory, mount.Source)).FullName;
                return source + containerPath[mount.Target.Length..];
            }
        }
        return containerPath;
    }
}
