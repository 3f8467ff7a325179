namespace Hiroba.Deployment.Tests.Files;

/// <summary>A deployable service: a folder under <c>services/</c> (other than BuildingBlocks) with its project.</summary>
internal sealed record ServiceProject(string Folder)
{
    public static IReadOnlyList<ServiceProject> All { get; } =
        Directory.GetDirectories(Repository.PathOf("services"))
            .Select(Path.GetFileName)
            .Where(folder => folder != "BuildingBlocks" && File.Exists(Repository.PathOf($"services/{folder}/{folder}.csproj")))
            .Select(folder => new ServiceProject(folder!))
            .OrderBy(project => project.Folder, StringComparer.Ordinal)
            .ToArray();

    public static TheoryData<string> Folders => [.. All.Select(project => project.Folder)];

    public static TheoryData<string> FoldersWithSidecar => [.. All.Where(project => project.NeedsDaprSidecar).Select(project => project.Folder)];

    public static ServiceProject Named(string folder) => All.Single(project => project.Folder == folder);

    public string Project => $"services/{Folder}/{Folder}.csproj";

    public string Dockerfile => $"services/{Folder}/Dockerfile";

    /// <summary>Directory.Build.props names every assembly Hiroba.&lt;project&gt;.</summary>
    public string AssemblyFile => $"Hiroba.{Folder}.dll";

    /// <summary>The gateway only proxies; every other service joins the event bus through a Dapr sidecar.</summary>
    public bool NeedsDaprSidecar => Folder != "Gateway";
}
