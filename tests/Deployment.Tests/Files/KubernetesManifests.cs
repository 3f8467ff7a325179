using YamlDotNet.RepresentationModel;

namespace Hiroba.Deployment.Tests.Files;

/// <summary>deploy/kubernetes: the kustomize base's resources, each a YAML document, and the example overlay.</summary>
internal static class KubernetesManifests
{
    public const string Base = "deploy/kubernetes/base";
    public const string ExampleOverlay = "deploy/kubernetes/overlays/example";

    /// <summary>Every document of every file the base's kustomization lists.</summary>
    public static IReadOnlyList<YamlMappingNode> Resources { get; } =
        [.. Kustomization(Base).Sequence("resources").Scalars().SelectMany(file => Documents($"{Base}/{file}"))];

    public static YamlMappingNode Kustomization(string folder) => YamlDocument.LoadMapping($"{folder}/kustomization.yaml");

    public static IEnumerable<YamlMappingNode> OfKind(string kind) => Resources.Where(resource => resource.Scalar("kind") == kind);

    public static YamlMappingNode Named(string kind, string name) =>
        Assert.Single(OfKind(kind), resource => resource.Mapping("metadata")!.Scalar("name") == name);

    /// <summary>Every Deployment and StatefulSet: what runs the services and servers.</summary>
    public static IEnumerable<YamlMappingNode> Workloads => OfKind("Deployment").Concat(OfKind("StatefulSet"));

    public static YamlMappingNode Workload(string name) =>
        Assert.Single(Workloads, resource => resource.Mapping("metadata")!.Scalar("name") == name);

    /// <summary>The pod template's one container of a workload.</summary>
    public static YamlMappingNode Container(YamlMappingNode deployment) =>
        (YamlMappingNode)Assert.Single(PodSpec(deployment).Sequence("containers")!.Children);

    public static YamlMappingNode PodSpec(YamlMappingNode workload) => workload.Mapping("spec")!.Mapping("template")!.Mapping("spec")!;

    public static IReadOnlyDictionary<string, string> Annotations(YamlMappingNode deployment) =>
        deployment.Mapping("spec")!.Mapping("template")!.Mapping("metadata")!.Mapping("annotations")
            .Entries().ToDictionary(entry => entry.Key, entry => ((YamlScalarNode)entry.Value).Value ?? "");

    /// <summary>
    /// A container's environment: each variable's literal value, or where it comes from (<c>secret:name/key</c>,
    /// <c>configmap:name/key</c>, <c>field:status.podIP</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment(YamlMappingNode container) =>
        (container.Sequence("env")?.Children ?? []).Cast<YamlMappingNode>().ToDictionary(
            variable => variable.Scalar("name")!,
            variable => variable.Scalar("value") ?? Source(variable.Mapping("valueFrom")!));

    private static string Source(YamlMappingNode valueFrom) =>
        valueFrom.Mapping("secretKeyRef") is { } secret ? $"secret:{secret.Scalar("name")}/{secret.Scalar("key")}"
        : valueFrom.Mapping("configMapKeyRef") is { } map ? $"configmap:{map.Scalar("name")}/{map.Scalar("key")}"
        : valueFrom.Mapping("fieldRef") is { } field ? $"field:{field.Scalar("fieldPath")}"
        : throw new InvalidDataException("An environment variable from neither a Secret, a ConfigMap nor a field of the pod.");

    public static IReadOnlyList<YamlMappingNode> Documents(string relativePath)
    {
        using var reader = new StringReader(Repository.Read(relativePath));
        var stream = new YamlStream();
        stream.Load(reader);
        return [.. stream.Documents.Select(document => (YamlMappingNode)document.RootNode)];
    }
}
