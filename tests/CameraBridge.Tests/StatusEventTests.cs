using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.CameraBridge.Tests;

/// <summary><c>cameras.camera-status-changed</c> on the real broker: on change only, and nothing but id and status.</summary>
[Collection(BridgeOnlyCollection.Name)]
public sealed class StatusEventTests(BridgeOnlyStack stack)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_status_event_goes_out_when_a_cameras_status_changes_and_only_then()
    {
        await using var camera = ConnectionRecorder.Start();
        await using var events = await TopicRecorder.StartAsync(stack.Broker, "cameras.camera-status-changed");
        using var admin = await stack.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("/api/cameras", new { id = "shed", name = "Shed", url = $"ws://127.0.0.1:{camera.Port}/ws" })).EnsureSuccessStatusCode();

        var online = await NextEventAsync(events, "shed");
        Assert.Equal(("Online", 0), (online.GetProperty("status").GetString(), online.GetProperty("viewerCount").GetInt32()));
        Assert.Equal(["cameraId", "changedAt", "status", "viewerCount"], online.EnumerateObject().Select(member => member.Name).Order(StringComparer.Ordinal));

        // Five more probes find it the same: no event. The next event is the change.
        var probes = camera.Connections;
        await Eventually.TrueAsync(() => camera.Connections >= probes + 5, "the bridge probed the camera five more times");
        await camera.PauseAsync();
        var offline = await NextEventAsync(events, "shed");
        Assert.Equal("Offline", offline.GetProperty("status").GetString());

        camera.Resume();
        var back = await NextEventAsync(events, "shed");
        Assert.Equal("Online", back.GetProperty("status").GetString());
        Assert.True(ChangedAt(online) < ChangedAt(offline) && ChangedAt(offline) < ChangedAt(back));
        (await admin.DeleteAsync("/api/cameras/shed")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_signed_in_page_gets_every_cameras_status_when_its_stream_opens_and_then_each_change()
    {
        await using var camera = ConnectionRecorder.Start();
        using var admin = await stack.CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("/api/cameras", new { id = "barn", name = "Barn", url = $"ws://127.0.0.1:{camera.Port}/ws" })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await admin.GetFromJsonAsync<JsonElement>("/api/cameras/barn/status")).GetProperty("status").GetString() == "Online",
            "the barn camera is online");
        using var viewer = await stack.CreateSignedInClientAsync(HirobaStack.ViewerPassword);

        var response = await viewer.GetAsync("/api/cameras/events", HttpCompletionOption.ResponseHeadersRead);
        using var stream = new ServerSentEventReader(response);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var (first, before) = await stream.ReadUntilAsync(e => e.Data.GetProperty("cameraId").GetString() == "barn");
        Assert.Contains(before, e => e.Data.GetProperty("cameraId").GetString() == BridgeOnlyStack.PorchId);
        Assert.All(before.Append(first), e => Assert.Equal("status", e.Type));
        Assert.Equal(["cameraId", "changedAt", "status", "viewerCount"], first.Data.EnumerateObject().Select(member => member.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Online", first.Data.GetProperty("status").GetString());

        await camera.PauseAsync();
        var (offline, _) = await stream.ReadUntilAsync(e => e.Data.GetProperty("cameraId").GetString() == "barn");
        Assert.Equal("Offline", offline.Data.GetProperty("status").GetString());
        camera.Resume();
        (await admin.DeleteAsync("/api/cameras/barn")).EnsureSuccessStatusCode();
    }

    /// <summary>The data of the next status event for the camera (other cameras' events are skipped).</summary>
    private static async Task<JsonElement> NextEventAsync(TopicRecorder events, string cameraId)
    {
        while (true)
        {
            var message = await events.NextAsync(Generous);
            var data = JsonDocument.Parse(message.Payload).RootElement.GetProperty("data").Clone();
            if (data.GetProperty("cameraId").GetString() == cameraId)
            {
                return data;
            }
        }
    }

    private static DateTimeOffset ChangedAt(JsonElement data) => data.GetProperty("changedAt").GetDateTimeOffset();
}
