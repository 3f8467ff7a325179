using Hiroba.Deployment.Tests.Files;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Deployment.Tests.Services;

/// <summary>
/// Every service published with its Dockerfile's own <c>dotnet publish</c> command (one after the other: they share the
/// building blocks' build output), then laid out as the final stage's COPY instructions lay out <c>/app</c>.
/// </summary>
public sealed class PublishedImages : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);
    private readonly TemporaryDirectory _directory = new("published-images");
    private readonly Dictionary<string, PublishResult> _results = [];

    internal PublishResult this[string folder] => _results[folder];

    public async Task InitializeAsync()
    {
        foreach (var project in ServiceProject.All)
        {
            _results[project.Folder] = await PublishAsync(project);
        }
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

    private async Task<PublishResult> PublishAsync(ServiceProject project)
    {
        var dockerfile = Dockerfile.Load(project.Dockerfile);
        var publish = PublishCommand.From(dockerfile);
        var output = Path.Combine(_directory.Path, project.Folder, "publish");
        await using var process = ChildProcess.Start(new ChildProcessOptions(
            $"publish {project.Folder}", DotnetHost.Path, [.. publish.WithOutput(output), "-nologo"], Repository.Root,
            new Dictionary<string, string?> { ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" }));
        var exitCode = await process.Exited.WaitAsync(PublishTimeout);
        var app = Path.Combine(_directory.Path, project.Folder, "app");
        if (exitCode == 0)
        {
            LayOut(dockerfile, publish, output, app);
        }
        return new PublishResult(exitCode, string.Join('\n', process.RecentOutput), output, app);
    }

    /// <summary>
    /// Copies what the final stage copies into /app. A source is the publish output, or a path under the other stages'
    /// /src, which holds the repository root as the build context copied it (and, for the gateway, npm ci's
    /// node_modules, which ./test also installs in the repository).
    /// </summary>
    private static void LayOut(Dockerfile dockerfile, PublishCommand publish, string output, string app)
    {
        const string sourceRoot = "/src/";
        foreach (var copy in dockerfile.Final.All("COPY"))
        {
            var source = copy.Words[1].TrimEnd('/');
            var localSource = source == publish.Output ? output
                : source.StartsWith(sourceRoot, StringComparison.Ordinal) ? Repository.PathOf(source[sourceRoot.Length..])
                : throw new InvalidDataException($"Cannot map {source} of '{copy.Arguments}'.");
            var target = Path.Combine(app, copy.Words[^1] is "./" or "." ? "" : copy.Words[^1].TrimStart('.', '/'));
            CopyDirectory(localSource, target);
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}

/// <param name="App">The image's /app as the Dockerfile assembles it (only when the publish succeeded).</param>
internal sealed record PublishResult(int ExitCode, string Output, string PublishFolder, string App);

[CollectionDefinition(Name)]
public sealed class PublishedImagesCollection : ICollectionFixture<PublishedImages>
{
    public const string Name = "published images";
}
