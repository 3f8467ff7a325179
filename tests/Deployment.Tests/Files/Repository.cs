using Hiroba.LocalComponents;

namespace Hiroba.Deployment.Tests.Files;

/// <summary>Paths of the self-hosting files, relative to the repository root.</summary>
internal static class Repository
{
    public static string Root { get; } = RepositoryRoot.Find();

    public static string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));
}
