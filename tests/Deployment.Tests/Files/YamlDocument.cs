using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hiroba.Deployment.Tests.Files;

/// <summary>Reads a YAML file the way docker compose does, with anchors and merge keys (<c>&lt;&lt;: *x</c>) applied.</summary>
internal static class YamlDocument
{
    public static YamlMappingNode LoadMapping(string relativePath)
    {
        using var reader = new StringReader(Repository.Read(relativePath));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return stream.Documents.Single().RootNode as YamlMappingNode
            ?? throw new InvalidDataException($"{relativePath} is not a YAML mapping.");
    }

    public static YamlMappingNode? Mapping(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    public static YamlSequenceNode? Sequence(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlSequenceNode : null;

    public static string? Scalar(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (child as YamlScalarNode)?.Value : null;

    public static IReadOnlyList<string> Scalars(this YamlSequenceNode? node) =>
        node?.Children.Select(child => ((YamlScalarNode)child).Value ?? "").ToArray() ?? [];

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlMappingNode? node) =>
        node?.Children.Select(entry => (((YamlScalarNode)entry.Key).Value ?? "", entry.Value)) ?? [];
}
