using Hiroba.Deployment.Tests.Files;

namespace Hiroba.Deployment.Tests;

public sealed class ComposePathsTests
{
    private static readonly ComposeFile Compose = ComposeFile.Instance;

    [Fact]
    public void Every_build_context_and_Dockerfile_exists()
    {
        var builds = Compose.Services.Values.Select(service => service.Build).OfType<ComposeBuild>().ToArray();

        Assert.NotEmpty(builds);
        Assert.All(builds, build =>
        {
            Assert.True(Directory.Exists(Repository.PathOf(build.Context)), $"build context {build.Context} is missing");
            Assert.True(File.Exists(Repository.PathOf(Path.Combine(build.Context, build.Dockerfile))), $"{build.Dockerfile} is missing");
        });
    }

    [Fact]
    public void Every_folder_or_file_the_compose_file_mounts_exists()
    {
        var bindMounts = Compose.Services.Values.SelectMany(service => service.Volumes).Where(mount => mount.IsBindMount).ToArray();

        Assert.NotEmpty(bindMounts);
        Assert.All(bindMounts, mount =>
            Assert.True(Path.Exists(Repository.PathOf(mount.Source)), $"{mount.Source} (mounted at {mount.Target}) is missing"));
    }

    [Fact]
    public void Every_named_volume_is_declared()
    {
        var named = Compose.Services.Values.SelectMany(service => service.Volumes).Where(mount => !mount.IsBindMount).Select(mount => mount.Source).Distinct();

        Assert.All(named, volume => Assert.Contains(volume, Compose.NamedVolumes));
    }

    [Fact]
    public void Every_file_a_command_names_inside_a_mounted_folder_exists_in_the_repository()
    {
        var checkedFiles = 0;
        foreach (var service in Compose.Services.Values)
        {
            // A sidecar sees the mounts of its own service only; its network namespace is all it shares.
            foreach (var argument in service.Command.Concat(service.Entrypoint))
            {
                var mount = service.Volumes.FirstOrDefault(mount => mount.IsBindMount && argument.StartsWith(mount.Target + "/", StringComparison.Ordinal));
                if (mount is not null)
                {
                    var file = Path.Combine(mount.Source, argument[(mount.Target.Length + 1)..]);
                    Assert.True(File.Exists(Repository.PathOf(file)), $"{service.Name} runs with {argument}, but {file} is missing");
                    checkedFiles++;
                }
            }
        }

        // The sidecars' --config, the broker's password script and coturn's start script.
        Assert.True(checkedFiles >= ServiceProject.All.Count(project => project.NeedsDaprSidecar) + 2, $"only {checkedFiles} files checked");
    }

    [Fact]
    public void Every_file_the_broker_configuration_names_in_its_config_folder_exists()
    {
        var config = MosquittoConfig.Load();
        var paths = config.Listeners.SelectMany(listener => listener.Settings)
            .Where(setting => setting.Name is "password_file" or "acl_file" && setting.Value.StartsWith(MosquittoConfig.ContainerFolder + "/", StringComparison.Ordinal))
            .Select(setting => MosquittoConfig.RepositoryPathOf(setting.Value))
            .ToArray();

        Assert.NotEmpty(paths);
        Assert.All(paths, path => Assert.True(File.Exists(Repository.PathOf(path)), $"{path} is missing"));
        Assert.Contains(Compose.Services["mosquitto"].Volumes, mount => mount.Source == "./" + MosquittoConfig.Folder && mount.Target == MosquittoConfig.ContainerFolder && mount.ReadOnly);
    }
}
