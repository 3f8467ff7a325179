using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.CameraBridge.Tests;

/// <summary>
/// mosquitto, coturn, Rooms, Signaling, the camera bridge and the gateway. The bridge meets Ayame-mode cameras on
/// Signaling's <c>/signaling</c> and probes p2p cameras every half second (the default is 5 s), so tests see status
/// changes quickly.
/// </summary>
public class CameraStack() : HirobaStack("Rooms", "Signaling", "CameraBridge")
{
    public Uri AyameSignalingUri => WebSocketUri("/signaling");

    public Uri WebSocketUri(string path) => new UriBuilder(GatewayUri) { Scheme = "ws", Path = path }.Uri;

    /// <summary>Adds a camera as the admin; returns its id.</summary>
    public async Task<string> AddCameraAsync(object definition)
    {
        using var admin = await CreateSignedInClientAsync();
        var response = await admin.PostAsJsonAsync("/api/cameras", definition);
        Assert.True(response.IsSuccessStatusCode, $"adding a camera: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Creates a camera room with a signaling key in Rooms, as the admin, and waits until Signaling has heard of it
    /// (it then refuses a wrong key on its own protocol, whose peers the bridge does not count as cameras).
    /// </summary>
    public async Task CreateCameraRoomAsync(string roomId, string signalingKey)
    {
        using var admin = await CreateSignedInClientAsync();
        (await admin.PostAsJsonAsync("/api/rooms", new { id = roomId, title = roomId, kind = "camera", signalingKey })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () =>
        {
            await using var probe = await JsonSocket.ConnectAsync(WebSocketUri("/ws/signaling"));
            await probe.SendAsync(JsonSerializer.Serialize(new { type = "join", room = roomId, name = "probe", key = "not-" + signalingKey }));
            return await probe.ReceiveAsync() is { } reply && reply.TryGetProperty("code", out var code) && code.GetString() == "invalid-key";
        }, $"Signaling knows room {roomId}");
    }

    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        if (serviceName == "CameraBridge")
        {
            settings["Cameras:Status:ProbeInterval"] = "00:00:00.500";
            settings["Cameras:Status:MaxProbeInterval"] = "00:00:01";
        }
        return settings;
    }
}
