using System.Runtime.Versioning;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests;

[SupportedOSPlatform("linux")]
public class JanusTests(JanusFixture janus) : IClassFixture<JanusFixture>, IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });

    [Fact]
    public async Task Loads_only_the_VideoRoom_plugin_and_the_HTTP_transport_and_says_that_it_needs_an_API_secret()
    {
        var info = await JanusApi.InfoAsync(_http, janus.ApiUrl);

        Assert.Equal("server_info", info.Kind);
        Assert.Equal(["janus.plugin.videoroom"], info.Plugins);
        Assert.Equal(["janus.transport.http"], info.Transports);
        Assert.True(info.NeedsApiSecret);
        Assert.False(info.Ipv6);
    }

    [Fact]
    public async Task Refuses_a_session_without_the_API_secret_or_with_another_one()
    {
        foreach (var secret in new[] { null, Secrets.Create() })
        {
            using var answer = await JanusApi.CreateSessionAsync(_http, janus.ApiUrl, secret);

            Assert.Equal("error", answer.RootElement.GetProperty("janus").GetString());
            Assert.Equal(403, answer.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        }
    }

    [Fact]
    public async Task Opens_a_session_for_a_request_with_the_API_secret()
    {
        using var answer = await JanusApi.CreateSessionAsync(_http, janus.ApiUrl, janus.ApiSecret);

        Assert.Equal("success", answer.RootElement.GetProperty("janus").GetString());
        Assert.True(answer.RootElement.GetProperty("data").GetProperty("id").GetInt64() > 0);
    }

    [Fact]
    public void Keeps_the_API_secret_in_owner_only_files_and_off_its_command_line()
    {
        var configFile = Path.Combine(janus.Server.ConfigDirectory, JanusConfiguration.ConfigFileName);

        Assert.Contains(janus.ApiSecret, File.ReadAllText(configFile), StringComparison.Ordinal);
        Assert.Equal(SecretFile.OwnerOnly, File.GetUnixFileMode(configFile));
        var commandLine = File.ReadAllText($"/proc/{janus.Server.Process!.Id}/cmdline");
        Assert.DoesNotContain(janus.ApiSecret, commandLine, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}
