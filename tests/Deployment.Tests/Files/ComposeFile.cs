using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Hiroba.Deployment.Tests.Files;

/// <summary>docker-compose.yml, with its anchors applied and the parts the tests look at.</summary>
internal sealed class ComposeFile
{
    public const string FileName = "docker-compose.yml";
    public const string DaprImage = "daprio/daprd";

    private ComposeFile(IReadOnlyDictionary<string, ComposeService> services, IReadOnlyList<string> namedVolumes, ComposeSubnet? defaultNetwork)
    {
        Services = services;
        NamedVolumes = namedVolumes;
        DefaultNetwork = defaultNetwork;
    }

    public static ComposeFile Instance { get; } = Load();

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public IReadOnlyList<string> NamedVolumes { get; }

    /// <summary>The subnet of the <c>default</c> network, when the file fixes one.</summary>
    public ComposeSubnet? DefaultNetwork { get; }

    /// <summary>The daprd sidecars: services that join another service's network namespace.</summary>
    public IEnumerable<ComposeService> Sidecars => Services.Values.Where(service => service.IsDaprSidecar);

    public ComposeService? SidecarOf(ComposeService app) =>
        Sidecars.SingleOrDefault(sidecar => sidecar.NetworkMode == $"service:{app.Name}");

    /// <summary>The long-running compose service whose build uses <c>services/&lt;folder&gt;/Dockerfile</c> (not a one-shot task run from the same image).</summary>
    public ComposeService? BuiltFrom(ServiceProject project) =>
        Services.Values.SingleOrDefault(service => !service.IsOneShot && service.IsBuiltFrom(project));

    private static ComposeFile Load()
    {
        var root = YamlDocument.LoadMapping(FileName);
        var services = root.Mapping("services").Entries()
            .ToDictionary(entry => entry.Key, entry => ComposeService.Parse(entry.Key, (YamlMappingNode)entry.Value));
        var ipam = root.Mapping("networks")?.Mapping("default")?.Mapping("ipam")?.Sequence("config")?.Children.OfType<YamlMappingNode>().SingleOrDefault();
        var subnet = ipam?.Scalar("subnet") is { } range
            ? new ComposeSubnet(System.Net.IPNetwork.Parse(range), ipam.Scalar("ip_range") is { } dynamic ? System.Net.IPNetwork.Parse(dynamic) : null, ipam.Scalar("gateway"))
            : null;
        return new ComposeFile(services, root.Mapping("volumes").Entries().Select(entry => entry.Key).ToArray(), subnet);
    }
}

internal sealed record ComposeBuild(string Context, string Dockerfile);

/// <param name="DynamicRange">Where docker picks the addresses of containers without a fixed one (<c>ip_range</c>).</param>
/// <param name="HostAddress">The host's side of the network (<c>gateway</c>).</param>
internal sealed record ComposeSubnet(System.Net.IPNetwork Subnet, System.Net.IPNetwork? DynamicRange, string? HostAddress);

/// <param name="Source">A host path (starts with . or /) or a named volume.</param>
internal sealed partial record ComposeMount(string Source, string Target, bool ReadOnly)
{
    public bool IsBindMount => Source.StartsWith('.') || Source.StartsWith('/');

    /// <summary>Reads <c>source:target[:ro]</c>, where the source may be a variable such as <c>${FOLDER:?message}</c>.</summary>
    public static ComposeMount Parse(string shortSyntax)
    {
        var match = ShortSyntax().Match(shortSyntax);
        return match.Success
            ? new ComposeMount(match.Groups["source"].Value, match.Groups["target"].Value, match.Groups["mode"].Value == "ro")
            : throw new InvalidDataException($"'{shortSyntax}' is not a short-syntax volume.");
    }

    [GeneratedRegex(@"^(?<source>\$\{[^}]*\}|[^:]+):(?<target>[^:]+)(?::(?<mode>ro|rw))?$")]
    private static partial Regex ShortSyntax();
}

internal sealed record ComposeService(
    string Name,
    string? Image,
    ComposeBuild? Build,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Entrypoint,
    string? NetworkMode,
    IReadOnlyList<ComposeMount> Volumes,
    IReadOnlyList<string> Ports,
    IReadOnlyList<string> HealthCheck,
    string? Restart,
    IReadOnlyDictionary<string, string> DependsOnConditions,
    string? Ipv4Address)
{
    public bool IsDaprSidecar => Image?.StartsWith(ComposeFile.DaprImage + ":", StringComparison.Ordinal) == true;

    /// <summary>A task that runs once and exits (<c>restart: "no"</c>), such as writing a file before the others start.</summary>
    public bool IsOneShot => Restart == "no";

    public IReadOnlyList<string> DependsOn => [.. DependsOnConditions.Keys];

    public bool IsBuiltFrom(ServiceProject project) =>
        Build is { } build && Path.GetFullPath(Path.Combine(Repository.Root, build.Context, build.Dockerfile)) == Repository.PathOf(project.Dockerfile);

    public DaprdArguments DaprdArguments => new(Command);

    /// <summary>
    /// The service's bind-mounted repository <paramref name="folder"/> copied to <paramref name="copy"/>, and
    /// <paramref name="arguments"/> with every path under the mount's target pointing into the copy instead: how a test
    /// runs the container's command as a process.
    /// </summary>
    public string[] RunFromCopyOf(string folder, string copy, IEnumerable<string> arguments)
    {
        var mount = Volumes.Single(volume => volume.Source == "./" + folder);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Repository.PathOf(folder)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)), overwrite: true);
        }
        return [.. arguments.Select(argument => argument.StartsWith(mount.Target + "/", StringComparison.Ordinal)
            ? copy + argument[mount.Target.Length..]
            : argument)];
    }

    public static ComposeService Parse(string name, YamlMappingNode node)
    {
        var build = node.Children.TryGetValue(new YamlScalarNode("build"), out var buildNode)
            ? buildNode switch
            {
                YamlScalarNode context => new ComposeBuild(context.Value ?? ".", "Dockerfile"),
                YamlMappingNode mapping => new ComposeBuild(mapping.Scalar("context") ?? ".", mapping.Scalar("dockerfile") ?? "Dockerfile"),
                _ => throw new InvalidDataException($"{name}: build is neither a path nor a mapping."),
            }
            : null;
        return new ComposeService(
            name,
            node.Scalar("image"),
            build,
            ParseEnvironment(name, node),
            ListOrEmpty(name, node, "command"),
            ListOrEmpty(name, node, "entrypoint"),
            node.Scalar("network_mode"),
            node.Sequence("volumes").Scalars().Select(ComposeMount.Parse).ToArray(),
            node.Sequence("ports").Scalars(),
            node.Mapping("healthcheck")?.Sequence("test").Scalars() ?? [],
            node.Scalar("restart"),
            node.Children.TryGetValue(new YamlScalarNode("depends_on"), out var dependsOn)
                ? dependsOn switch
                {
                    // The short form means the long form's default condition.
                    YamlSequenceNode list => list.Scalars().ToDictionary(service => service, _ => "service_started"),
                    YamlMappingNode map => map.Entries().ToDictionary(
                        entry => entry.Key, entry => (entry.Value as YamlMappingNode)?.Scalar("condition") ?? "service_started"),
                    _ => throw new InvalidDataException($"{name}: depends_on is neither a list nor a mapping."),
                }
                : [],
            node.Mapping("networks")?.Entries().Select(entry => (entry.Value as YamlMappingNode)?.Scalar("ipv4_address")).SingleOrDefault(address => address is not null));
    }

    private static Dictionary<string, string> ParseEnvironment(string name, YamlMappingNode node) =>
        node.Children.TryGetValue(new YamlScalarNode("environment"), out var environment)
            ? environment switch
            {
                YamlMappingNode map => map.Entries().ToDictionary(entry => entry.Key, entry => ((YamlScalarNode)entry.Value).Value ?? ""),
                YamlSequenceNode list => list.Scalars().Select(item => item.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.ElementAtOrDefault(1) ?? ""),
                _ => throw new InvalidDataException($"{name}: environment is neither a mapping nor a list."),
            }
            : [];

    // Exec form only: a shell-form string would be split by a shell the tests cannot reproduce.
    private static IReadOnlyList<string> ListOrEmpty(string name, YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? value as YamlSequenceNode is { } list ? list.Scalars() : throw new InvalidDataException($"{name}: write {key} as a list.")
            : [];
}

/// <summary>The flags of a <c>./daprd</c> command line (<c>--flag value</c> or <c>--flag=value</c>).</summary>
internal sealed class DaprdArguments(IReadOnlyList<string> command)
{
    public bool StartsDaprd => command.Count > 0 && Path.GetFileName(command[0]) == "daprd";

    public string? Value(string flag)
    {
        for (var i = 1; i < command.Count; i++)
        {
            if (command[i] == flag)
            {
                return i + 1 < command.Count ? command[i + 1] : "";
            }
            if (command[i].StartsWith(flag + "=", StringComparison.Ordinal))
            {
                return command[i][(flag.Length + 1)..];
            }
        }
        return null;
    }

    public bool Has(string flag) => Value(flag) is not null;
}
