using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hiroba.Rooms.Tests;

/// <summary>A workshop room (with its host key) and a camera room with a signaling key, made by the admin.</summary>
public sealed record KeyedRooms(string HostKey, string SignalingKey)
{
    public static async Task<KeyedRooms> CreateAsync(HttpClient admin)
    {
        const string signalingKey = "camera-room-signaling-key";
        var workshop = await admin.PostAsJsonAsync("/api/rooms", new { title = "Private workshop", id = "private-101" });
        var camera = await admin.PostAsJsonAsync("/api/rooms", new { title = "Door camera", id = "door-cam", kind = "camera", signalingKey });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (workshop.StatusCode, camera.StatusCode));
        return new KeyedRooms((await workshop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hostKey").GetString()!, signalingKey);
    }
}
