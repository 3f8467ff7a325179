using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests;

[SupportedOSPlatform("linux")]
public class JanusTests(JanusFixture janus) : IClassFixture<JanusFixture>, IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });

    [Fact]
    public async Task Loads_only_the_VideoRoom_plugin_and_the_HTTP_transport_and_says_that_it_needs_an_API_secret()
    {
        using var info = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"{janus.ApiUrl}/info")));

        var root = info.RootElement;
        Assert.Equal("server_info", root.GetProperty("janus").GetString());
        Assert.Equal(["janus.plugin.videoroom"], root.GetProperty("plugins").EnumerateObject().Select(plugin => plugin.Name));
        Assert.Equal(["janus.transport.http"], root.GetProperty("transports").EnumerateObject().Select(transport => transport.Name));
        Assert.True(root.GetProperty("api_secret").GetBoolean());
        Assert.False(root.GetProperty("ipv6").GetBoolean());
    }

    [Fact]
    public async Task Refuses_a_session_without_the_API_secret_or_with_another_one()
    {
        foreach (var secret in new[] { null, Secrets.Create() })
        {
            using var answer = await CreateSessionAsync(secret);

            Assert.Equal("error", answer.RootElement.GetProperty("janus").GetString());
            Assert.Equal(403, answer.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        }
    }

    [Fact]
    public async Task Opens_a_session_for_a_request_with_the_API_secret()
    {
        using var answer = await CreateSessionAsync(janus.ApiSecret);

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

    private async Task<JsonDocument> CreateSessionAsync(string? secret)
    {
        using var response = await _http.PostAsJsonAsync(janus.ApiUrl, new Dictionary<string, string?>
        {
            ["janus"] = "create",
            ["transaction"] = Guid.NewGuid().ToString("N"),
            ["apisecret"] = secret,
        });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
