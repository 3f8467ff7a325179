using System.Runtime.Versioning;
using Hiroba.Deployment.Tests.Files;
using Hiroba.Deployment.Tests.Janus;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Deployment.Tests;

/// <summary>
/// The compose Janus (docker-compose.yml, infra/janus) run by Debian's janus through its own entrypoint: configured as
/// ./run configures it, its API on the compose network's host side behind the secret the camera bridge has.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ComposeJanusTests(ComposeJanusServerFixture fixture) : IClassFixture<ComposeJanusServerFixture>, IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });
    private readonly TemporaryDirectory _expected = new("janus-run-config");

    private ComposeJanusServer Janus => fixture.Server;

    private static ComposeService Service => ComposeFile.Instance.Services[ComposeJanusServer.ServiceName];

    [Fact]
    public async Task Writes_the_configuration_that_run_writes_for_the_same_settings()
    {
        var options = new JanusOptions(_expected.Path, Janus.ApiSecret, ComposeJanusServer.Address);
        await JanusConfiguration.WriteAsync(options, Janus.ApiPort, Janus.MediaPorts, CancellationToken.None);

        var written = Directory.GetFiles(Janus.ConfigFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(Directory.GetFiles(_expected.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal), written);
        foreach (var file in written)
        {
            Assert.Equal(
                Settings(Path.Combine(_expected.Path, file!), _expected.Path),
                Settings(Path.Combine(Janus.ConfigFolder, file!), Janus.ConfigFolder));
        }
    }

    [Fact]
    public async Task Loads_only_the_VideoRoom_plugin_and_the_HTTP_transport_and_opens_sessions_only_with_the_secret()
    {
        var info = await JanusApi.InfoAsync(_http, Janus.ApiUrl);
        using var refused = await JanusApi.CreateSessionAsync(_http, Janus.ApiUrl, secret: null);
        using var opened = await JanusApi.CreateSessionAsync(_http, Janus.ApiUrl, Janus.ApiSecret);

        Assert.Equal(["janus.plugin.videoroom"], info.Plugins);
        Assert.Equal(["janus.transport.http"], info.Transports);
        Assert.True(info.NeedsApiSecret);
        Assert.Equal(403, refused.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("success", opened.RootElement.GetProperty("janus").GetString());
    }

    [Fact]
    public void Keeps_the_secret_in_private_files_and_off_the_command_line()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Janus.ConfigFolder));
        Assert.All(Directory.GetFiles(Janus.ConfigFolder), file => Assert.Equal(SecretFile.OwnerOnly, File.GetUnixFileMode(file)));
        Assert.DoesNotContain(Janus.ApiSecret, File.ReadAllText($"/proc/{Janus.Process!.Id}/cmdline"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_is_Debians_package_run_by_an_unprivileged_user_through_the_mounted_entrypoint()
    {
        var image = Dockerfile.Load($"{ComposeJanusServer.Folder}/Dockerfile");
        var mount = Service.Volumes.Single(volume => volume.Source == "./" + ComposeJanusServer.Folder);

        Assert.Single(image.Stages);
        Assert.StartsWith("debian:12", image.Final.BaseImage, StringComparison.Ordinal);
        Assert.Contains(image.Final.All("RUN"), run => run.Arguments.Contains("apt-get install --yes --no-install-recommends janus", StringComparison.Ordinal));
        Assert.Equal("nobody", Assert.Single(image.Final.All("USER")).Arguments);
        Assert.True(mount.ReadOnly);
        Assert.Equal(["/bin/sh", $"{mount.Target}/start-janus.sh"], ComposeJanusServer.Entrypoint());
    }

    [Fact]
    public void Janus_shares_the_hosts_network_and_serves_its_API_on_the_compose_networks_host_side_where_the_bridge_looks()
    {
        var bridge = ComposeFile.Instance.Services["camera-bridge"];
        var apiUrl = new Uri(bridge.Environment["Cameras__Janus__Url"]);

        Assert.Equal("host", Service.NetworkMode);
        Assert.Equal(ComposeFile.Instance.DefaultNetwork!.HostAddress, Service.Environment["JANUS_API_ADDRESS"]);
        Assert.Equal(
            (Service.Environment["JANUS_API_ADDRESS"], Service.Environment["JANUS_API_PORT"], "/janus"),
            (apiUrl.Host, $"{apiUrl.Port}", apiUrl.AbsolutePath));
        Assert.Equal(Service.Environment["JANUS_API_SECRET"].Split(':')[0], bridge.Environment["Cameras__Janus__ApiSecret"].Split(':')[0]);
    }

    public void Dispose()
    {
        _http.Dispose();
        _expected.Dispose();
    }

    /// <summary>A config file's settings: comments dropped, and the folder the file was written into named alike.</summary>
    private static string[] Settings(string file, string folder) =>
        [.. File.ReadAllLines(file).Where(line => !line.TrimStart().StartsWith('#')).Select(line => line.Replace(folder, "<folder>", StringComparison.Ordinal))];
}
