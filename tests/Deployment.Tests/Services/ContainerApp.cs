using Hiroba.Deployment.Tests.Files;
using Hiroba.LocalComponents;

namespace Hiroba.Deployment.Tests.Services;

/// <summary>
/// A service's /app run the way its container runs it: <c>dotnet Hiroba.X.dll</c> in /app with the compose environment
/// (a filled-in .env). Only what a container changes is translated: the volumes' mount points become temp folders and
/// the service listens on a free port on 127.0.0.1 instead of its container port; <c>overrides</c> replace settings
/// that name other containers.
/// </summary>
internal sealed class ContainerApp : LocalComponent
{
    private static readonly HttpClient HealthClient = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly ServiceDeployment _deployment;
    private readonly string _app;
    private readonly string _volumes;
    private readonly IReadOnlyDictionary<string, string> _overrides;

    public ContainerApp(ServiceDeployment deployment, string app, string volumes, IReadOnlyDictionary<string, string>? overrides = null)
        : base(deployment.Service.Name, onOutputLine: null)
    {
        _deployment = deployment;
        _app = app;
        _volumes = volumes;
        _overrides = overrides ?? new Dictionary<string, string>();
        Port = FreePorts.Tcp();
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}");

    protected override ChildProcessOptions DescribeProcess()
    {
        var environment = _deployment.Service.Environment.ToDictionary(
            entry => entry.Key, entry => (string?)VolumePath(ComposeVariables.Resolve(entry.Value, SampleEnvironment.Values)));
        foreach (var (key, value) in _overrides)
        {
            environment[key] = value;
        }
        environment["ASPNETCORE_HTTP_PORTS"] = null;
        environment["ASPNETCORE_URLS"] = BaseUri.ToString();
        environment["DOTNET_NOLOGO"] = "1";
        return ProcessOptions(DotnetHost.Path, [_deployment.Project.AssemblyFile], _app, environment);
    }

    protected override Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        var health = new Uri(BaseUri, "/healthz");
        return process.WaitUntilReadyAsync(
            $"GET {health} answers 200", ct => ReadinessProbes.HttpOkAsync(HealthClient, health, ct), ReadyTimeout, cancellationToken);
    }

    /// <summary>A mount point of one of the service's volumes, as a folder under the temp folder named after the volume.</summary>
    private string VolumePath(string value) =>
        _deployment.Service.Volumes.FirstOrDefault(mount => mount.Target == value) is { } mount
            ? Directory.CreateDirectory(Path.Combine(_volumes, mount.Source.TrimStart('.', '/'))).FullName
            : value;
}
