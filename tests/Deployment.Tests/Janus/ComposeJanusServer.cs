using Hiroba.Deployment.Tests.Files;
using Hiroba.LocalComponents;

namespace Hiroba.Deployment.Tests.Janus;

/// <summary>
/// The compose Janus as docker-compose.yml defines it, run by Debian's janus through the image's entrypoint
/// (infra/janus/start-janus.sh) with the service's environment. Only what the container changes is translated: the
/// mounted folder becomes a copy in a temp folder, the container's private /tmp is that folder too (TMPDIR), and the API
/// listens on 127.0.0.1 on a free port instead of on the compose network's host side, as the media does.
/// </summary>
internal sealed class ComposeJanusServer : LocalComponent
{
    public const string ServiceName = "janus";
    public const string Folder = "infra/janus";
    public const string Address = "127.0.0.1";

    private readonly string _directory;
    private string[] _command = [];

    public ComposeJanusServer(string directory, string apiSecret) : base(ServiceName, onOutputLine: null)
    {
        _directory = directory;
        ApiSecret = apiSecret;
    }

    public string ApiSecret { get; }

    public int ApiPort { get; } = FreePorts.Tcp();

    public PortRange MediaPorts { get; } = FreePorts.RelayRange(20);

    public Uri ApiUrl => new($"http://{Address}:{ApiPort}/janus");

    /// <summary>The folder the entrypoint wrote its configuration into (one <c>mktemp -d</c> under TMPDIR).</summary>
    public string ConfigFolder => Directory.GetDirectories(TemporaryFolder).Single();

    /// <summary>The entrypoint as the image runs it: ENTRYPOINT of infra/janus/Dockerfile, with the mount compose gives it.</summary>
    public static IReadOnlyList<string> Entrypoint() =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(Assert.Single(Dockerfile.Load($"{Folder}/Dockerfile").Final.All("ENTRYPOINT")).Arguments)!;

    protected override Task PrepareAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(TemporaryFolder);
        _command = Service.RunFromCopyOf(Folder, MountedFolder, Entrypoint());
        return Task.CompletedTask;
    }

    protected override ChildProcessOptions DescribeProcess()
    {
        var values = new Dictionary<string, string>
        {
            ["JANUS_API_SECRET"] = ApiSecret,
            ["JANUS_MEDIA_ADDRESS"] = Address,
            ["JANUS_MIN_PORT"] = $"{MediaPorts.Min}",
            ["JANUS_MAX_PORT"] = $"{MediaPorts.Max}",
        };
        var environment = Service.Environment.ToDictionary(entry => entry.Key, entry => (string?)ComposeVariables.Resolve(entry.Value, values));
        environment["JANUS_API_ADDRESS"] = Address;
        environment["JANUS_API_PORT"] = $"{ApiPort}";
        environment["TMPDIR"] = TemporaryFolder;
        return ProcessOptions(_command[0], _command[1..], _directory, environment);
    }

    protected override Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken) =>
        process.WaitUntilReadyAsync(
            $"GET {ApiUrl}/info answers", ct => ReadinessProbes.JanusAnswersAsync(ApiUrl, ct), ReadyTimeout, cancellationToken);

    private static ComposeService Service => ComposeFile.Instance.Services[ServiceName];

    private string MountedFolder => Path.Combine(_directory, "hiroba-janus");

    private string TemporaryFolder => Path.Combine(_directory, "tmp");
}
