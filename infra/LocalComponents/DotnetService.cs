namespace Hiroba.LocalComponents;

/// <summary>
/// A built service run as <c>dotnet Hiroba.X.dll --urls http://127.0.0.1:port</c> (plus any additional URLs) with its
/// project folder as content root; ready once <c>GET /healthz</c> on the loopback URL answers 200.
/// </summary>
public sealed class DotnetService : LocalComponent
{
    private const string TargetFramework = "net10.0";
    private static readonly HttpClient HealthClient = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly DotnetServiceOptions _options;

    public DotnetService(DotnetServiceOptions options)
        : base(options?.ServiceName.ToLowerInvariant() ?? "", options?.OnOutputLine, options?.OnErrorLine)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        ServiceDirectory = Path.Combine(options.RepositoryRoot, "services", options.ServiceName);
        AssemblyPath = Path.Combine(
            ServiceDirectory, "bin", options.BuildConfiguration, TargetFramework, $"Hiroba.{options.ServiceName}.dll");
        BaseUri = new Uri($"http://127.0.0.1:{(options.Port == 0 ? FreePorts.Tcp() : options.Port)}");
    }

    public string ServiceDirectory { get; }

    public string AssemblyPath { get; }

    public Uri BaseUri { get; }

    protected override Task PrepareAsync(CancellationToken cancellationToken) =>
        File.Exists(AssemblyPath)
            ? Task.CompletedTask
            : throw new FileNotFoundException(
                $"{AssemblyPath} does not exist; build the solution with -c {_options.BuildConfiguration} first.", AssemblyPath);

    protected override ChildProcessOptions DescribeProcess()
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_NOLOGO"] = "1",
            // Addresses come only from --urls, never from an inherited variable.
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_HTTP_PORTS"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = _options.EnvironmentName,
        };
        foreach (var (key, value) in _options.Configuration ?? new Dictionary<string, string?>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        return ProcessOptions(
            DotnetHost.Path,
            [AssemblyPath, "--urls", string.Join(';', [BaseUri.ToString().TrimEnd('/'), .. _options.AdditionalUrls ?? []]),
                "--contentRoot", ServiceDirectory],
            ServiceDirectory,
            environment);
    }

    protected override Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        var health = new Uri(BaseUri, "/healthz");
        return process.WaitUntilReadyAsync(
            $"GET {health} answers 200", ct => ReadinessProbes.HttpOkAsync(HealthClient, health, ct), ReadyTimeout,
            cancellationToken);
    }
}
