using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hiroba.CameraBridge.Janus;
using FreePorts = Hiroba.LocalComponents.FreePorts;
using Secrets = Hiroba.LocalComponents.Secrets;
using Hiroba.TestSupport;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Tests;

/// <summary>The bridge's client of Janus's REST API against Debian's Janus, started as ./run starts it.</summary>
public sealed class JanusClientTests(JanusFixture janus) : IClassFixture<JanusFixture>, IDisposable
{
    private const string VideoRoom = "janus.plugin.videoroom";
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };

    [Fact]
    public async Task Creates_lists_and_destroys_a_VideoRoom_room_with_synchronous_requests()
    {
        await using var session = await Client().CreateSessionAsync(CancellationToken.None);
        var handle = await session.AttachAsync(VideoRoom, CancellationToken.None);
        var room = $"camera-{Guid.NewGuid():N}";

        var created = await handle.MessageAsync(new JsonObject { ["request"] = "create", ["room"] = room, ["publishers"] = 1 }, null, CancellationToken.None);
        var listed = await handle.MessageAsync(new JsonObject { ["request"] = "list" }, null, CancellationToken.None);
        await handle.MessageAsync(new JsonObject { ["request"] = "destroy", ["room"] = room }, null, CancellationToken.None);
        var exists = await handle.MessageAsync(new JsonObject { ["request"] = "exists", ["room"] = room }, null, CancellationToken.None);

        Assert.Equal("created", created.Data!.Value.GetProperty("videoroom").GetString());
        Assert.Contains(room, listed.Data!.Value.GetProperty("list").EnumerateArray().Select(entry => entry.GetProperty("room").GetString()));
        Assert.False(exists.Data!.Value.GetProperty("exists").GetBoolean());
    }

    [Fact]
    public async Task Answers_an_asynchronous_request_with_the_plugin_event_of_its_transaction()
    {
        await using var session = await Client().CreateSessionAsync(CancellationToken.None);
        var admin = await session.AttachAsync(VideoRoom, CancellationToken.None);
        var room = $"camera-{Guid.NewGuid():N}";
        await admin.MessageAsync(new JsonObject { ["request"] = "create", ["room"] = room }, null, CancellationToken.None);
        var publisher = await session.AttachAsync(VideoRoom, CancellationToken.None);

        var joined = await publisher.MessageAsync(
            new JsonObject { ["request"] = "join", ["ptype"] = "publisher", ["room"] = room, ["display"] = "camera" }, null, CancellationToken.None);

        Assert.Equal("event", joined.Janus);
        Assert.Equal("joined", joined.Data!.Value.GetProperty("videoroom").GetString());
        Assert.Equal(room, joined.Data.Value.GetProperty("room").GetString());
        // The plugin's string_ids: a publisher's id is a string as well.
        Assert.False(string.IsNullOrEmpty(joined.Data.Value.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_plugin_error_fails_the_request_with_its_code_and_the_session_goes_on()
    {
        await using var session = await Client().CreateSessionAsync(CancellationToken.None);
        var handle = await session.AttachAsync(VideoRoom, CancellationToken.None);

        var error = await Assert.ThrowsAsync<JanusException>(() => handle.MessageAsync(
            new JsonObject { ["request"] = "join", ["ptype"] = "publisher", ["room"] = "no-such-room" }, null, CancellationToken.None));
        var listed = await handle.MessageAsync(new JsonObject { ["request"] = "list" }, null, CancellationToken.None);

        Assert.Equal(426, error.Code);
        Assert.Contains("room", error.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("success", listed.Janus);
        Assert.False(session.Ended.IsCompleted);
    }

    [Fact]
    public async Task A_wrong_API_secret_is_refused_with_403_and_the_health_check_says_so()
    {
        var client = Client(secret: Secrets.Create());

        var error = await Assert.ThrowsAsync<JanusException>(() => client.CreateSessionAsync(CancellationToken.None));
        var health = await new JanusHealthCheck(client).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(403, error.Code);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("403", health.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, (await new JanusHealthCheck(Client()).CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task Janus_not_listening_is_unreachable_within_the_request_timeout()
    {
        var client = Client(url: new Uri($"http://127.0.0.1:{FreePorts.Tcp()}/janus"));

        var error = await Assert.ThrowsAsync<JanusException>(() => client.CreateSessionAsync(CancellationToken.None));
        var health = await new JanusHealthCheck(client).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(JanusException.Unreachable, error.Code);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
    }

    [Fact]
    public async Task A_session_that_Janus_loses_ends_its_handles_events_and_fails_later_requests()
    {
        await using var own = new JanusFixture();
        await ((IAsyncLifetime)own).InitializeAsync();
        var client = Client(own.ApiUrl, own.ApiSecret);
        var session = await client.CreateSessionAsync(CancellationToken.None);
        var handle = await session.AttachAsync(VideoRoom, CancellationToken.None);

        await own.Server.StopAsync();
        var lost = await session.Ended.WaitAsync(TimeSpan.FromSeconds(15));
        var events = await handle.Events.ReadAllAsync().CountAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var later = await Assert.ThrowsAsync<JanusException>(() => handle.MessageAsync(new JsonObject { ["request"] = "list" }, null, CancellationToken.None));

        Assert.NotNull(lost);
        Assert.Equal(0, events);
        Assert.NotEqual(403, later.Code);
        await session.DisposeAsync();
    }

    [Fact]
    public async Task A_disposed_session_is_destroyed_on_Janus()
    {
        var session = await Client().CreateSessionAsync(CancellationToken.None);

        await session.DisposeAsync();

        using var poll = await _http.GetAsync(new Uri($"{janus.ApiUrl}/{session.Id}?maxev=1&apisecret={janus.ApiSecret}"));
        using var attach = await _http.PostAsJsonAsync(new Uri($"{janus.ApiUrl}/{session.Id}"), new { janus = "attach", plugin = VideoRoom, transaction = "t", apisecret = janus.ApiSecret });
        using var answer = JsonDocument.Parse(await attach.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, poll.StatusCode);
        Assert.Equal(JanusException.NoSuchSession, answer.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Null(await session.Ended);
    }

    public void Dispose() => _http.Dispose();

    private JanusClient Client(Uri? url = null, string? secret = null) => new(
        _http,
        Options.Create(new JanusOptions { Url = url ?? janus.ApiUrl, ApiSecret = secret ?? janus.ApiSecret, RequestTimeout = TimeSpan.FromSeconds(3) }),
        NullLogger<JanusClient>.Instance);
}
