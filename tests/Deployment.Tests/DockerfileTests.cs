using Hiroba.Deployment.Tests.Files;

namespace Hiroba.Deployment.Tests;

public sealed class DockerfileTests
{
    private const string SdkImage = "mcr.microsoft.com/dotnet/sdk:";
    private const string RuntimeImage = "mcr.microsoft.com/dotnet/aspnet:";

    [Theory]
    [MemberData(nameof(ServiceProject.Folders), MemberType = typeof(ServiceProject))]
    public void Builds_the_service_project_with_the_sdk_and_runs_it_on_the_aspnet_runtime(string folder)
    {
        var project = ServiceProject.Named(folder);
        var dockerfile = Dockerfile.Load(project.Dockerfile);
        var build = Assert.Single(dockerfile.Stages, stage => stage.All("RUN").Any(run => run.Arguments.Contains("dotnet publish", StringComparison.Ordinal)));

        Assert.StartsWith(SdkImage, build.BaseImage, StringComparison.Ordinal);
        Assert.StartsWith(RuntimeImage, dockerfile.Final.BaseImage, StringComparison.Ordinal);
        var publish = PublishCommand.From(dockerfile);
        Assert.Equal(project.Project, publish.Project);
        Assert.Equal("Release", publish.Configuration);
        // What the build stage needs from the repository root to build the project.
        var copied = build.All("COPY").SelectMany(copy => copy.Words.SkipLast(1)).ToArray();
        Assert.All(["global.json", "Directory.Build.props", "Directory.Packages.props", "services/BuildingBlocks/", $"services/{folder}/"],
            needed => Assert.Contains(needed, copied));
    }

    [Theory]
    [MemberData(nameof(ServiceProject.Folders), MemberType = typeof(ServiceProject))]
    public void The_final_image_holds_only_the_publish_output_and_runs_it_as_a_non_root_user(string folder)
    {
        var project = ServiceProject.Named(folder);
        var dockerfile = Dockerfile.Load(project.Dockerfile);
        var publish = PublishCommand.From(dockerfile);
        var final = dockerfile.Final;

        var copies = final.All("COPY").ToArray();
        Assert.NotEmpty(copies);
        Assert.All(copies, copy => Assert.StartsWith("--from=", copy.Arguments, StringComparison.Ordinal));
        Assert.Contains(copies, copy => copy.Words[1].TrimEnd('/') == publish.Output && copy.Words[^1] is "./" or "." or "/app/" or "/app");
        Assert.Empty(final.All("ADD"));
        var user = Assert.Single(final.All("USER")).Arguments;
        Assert.True(user is "$APP_UID" or "app", $"USER {user} is not the aspnet image's non-root user");
        Assert.Equal($"[\"dotnet\", \"{project.AssemblyFile}\"]", Assert.Single(final.All("ENTRYPOINT")).Arguments);
        Assert.Contains(final.All("EXPOSE"), expose => expose.Arguments == ServiceDeployment.Of(folder).ListeningPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(ServiceProject.Folders), MemberType = typeof(ServiceProject))]
    public void Every_named_volume_of_the_service_starts_as_a_folder_only_the_app_user_may_enter(string folder)
    {
        var deployment = ServiceDeployment.Of(folder);
        var runs = deployment.Dockerfile.Final.All("RUN").SelectMany(run => run.Arguments.Split("&&", StringSplitOptions.TrimEntries)).ToArray();
        var volumes = deployment.Service.Volumes.Where(mount => !mount.IsBindMount).Select(mount => mount.Target).ToArray();

        Assert.NotEmpty(volumes);
        // A new named volume is a copy of the image's folder, owner and mode included.
        Assert.All(volumes, target =>
        {
            Assert.Contains(runs, run => run.StartsWith("mkdir ", StringComparison.Ordinal) && run.Split(' ').Contains(target));
            Assert.Contains(runs, run => run.StartsWith("chmod 700 ", StringComparison.Ordinal) && run.Split(' ').Contains(target));
        });
    }

    [Fact]
    public void The_gateway_image_gets_mqtt_js_from_npm_ci_in_a_pinned_node_stage()
    {
        var dockerfile = Dockerfile.Load(ServiceProject.Named("Gateway").Dockerfile);
        var node = Assert.Single(dockerfile.Stages, stage => stage.BaseImage.StartsWith("node:", StringComparison.Ordinal));

        Assert.Contains(node.All("RUN"), run => run.Arguments.StartsWith("npm ci", StringComparison.Ordinal));
        Assert.Contains(dockerfile.Final.All("COPY"), copy => copy.Words[0] == $"--from={node.Name}" && copy.Words[1].EndsWith("node_modules/mqtt/dist/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_dockerignore_keeps_secrets_and_build_output_out_of_every_build_context_but_nothing_a_Dockerfile_copies()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#')).ToArray();

        Assert.All([".env", "**/bin/", "**/obj/", "**/node_modules/", ".git"], pattern => Assert.Contains(pattern, ignored));
        var copiedFromContext = ServiceProject.All
            .SelectMany(project => Dockerfile.Load(project.Dockerfile).Stages)
            .SelectMany(stage => stage.All("COPY"))
            .Where(copy => !copy.Arguments.StartsWith("--from=", StringComparison.Ordinal))
            .SelectMany(copy => copy.Words.SkipLast(1));
        Assert.All(copiedFromContext, source => Assert.DoesNotContain(ignored, pattern => source.StartsWith(pattern.TrimStart('/'), StringComparison.Ordinal)));
    }
}
