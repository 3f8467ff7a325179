using YamlDotNet.RepresentationModel;

namespace Hiroba.Deployment.Tests.Files;

/// <summary>A Dapr resource file under <c>components/</c> (Component, Resiliency or Configuration).</summary>
internal sealed record DaprResource(string File, string Kind, string Name, YamlMappingNode Spec, YamlMappingNode Root)
{
    public const string Folder = "components";

    public static IReadOnlyList<DaprResource> All { get; } =
        Directory.GetFiles(Repository.PathOf(Folder), "*.yaml")
            .Select(path => Load($"{Folder}/{Path.GetFileName(path)}"))
            .ToArray();

    public static DaprResource Named(string kind, string name) =>
        All.Single(resource => resource.Kind == kind && resource.Name == name);

    public static DaprResource Load(string relativePath)
    {
        var root = YamlDocument.LoadMapping(relativePath);
        return new DaprResource(
            relativePath,
            root.Scalar("kind") ?? throw new InvalidDataException($"{relativePath} has no kind."),
            root.Mapping("metadata")?.Scalar("name") ?? throw new InvalidDataException($"{relativePath} has no metadata.name."),
            root.Mapping("spec") ?? throw new InvalidDataException($"{relativePath} has no spec."),
            root);
    }

    public string? ComponentType => Spec.Scalar("type");

    /// <summary>The component's <c>spec.metadata</c> items by name.</summary>
    public IReadOnlyDictionary<string, YamlMappingNode> Metadata =>
        (Spec.Sequence("metadata")?.Children ?? []).Cast<YamlMappingNode>().ToDictionary(item => item.Scalar("name")!, item => item);
}
