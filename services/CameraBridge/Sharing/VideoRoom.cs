using System.Text.Json;
using System.Text.Json.Nodes;
using Hiroba.CameraBridge.Janus;

namespace Hiroba.CameraBridge.Sharing;

/// <summary>The Janus VideoRoom requests the bridge makes: one private room per shared camera, named by the camera's id.</summary>
public static class VideoRoom
{
    public const string Plugin = "janus.plugin.videoroom";

    /// <summary>The plugin's "room already exists": a room left by an earlier publication of the camera is reused.</summary>
    public const int RoomExists = 427;

    public static JsonObject Create(string room) => new()
    {
        ["request"] = "create",
        ["room"] = room,
        ["publishers"] = 1,
        ["is_private"] = true,
        ["permanent"] = false,
        // Momo sends what it is told (--video-codec-type); Janus keeps the first one the room allows.
        ["videocodec"] = "h264,vp8,vp9,av1",
        ["notify_joining"] = false,
    };

    public static JsonObject Destroy(string room) => new() { ["request"] = "destroy", ["room"] = room };

    public static JsonObject JoinAsPublisher(string room) => new() { ["request"] = "join", ["ptype"] = "publisher", ["room"] = room, ["display"] = "camera" };

    public static JsonObject Publish() => new() { ["request"] = "publish", ["audio"] = false, ["data"] = false };

    public static JsonObject Subscribe(string room, string feed) => new()
    {
        ["request"] = "join",
        ["ptype"] = "subscriber",
        ["room"] = room,
        ["streams"] = new JsonArray(new JsonObject { ["feed"] = feed }),
    };

    public static JsonObject Start() => new() { ["request"] = "start" };

    /// <summary>The publisher's id from its <c>joined</c> event (a string: the plugin runs with <c>string_ids</c>).</summary>
    public static string FeedId(JanusEvent joined) =>
        joined.Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()!
            : throw new JanusException(JanusException.Unreachable, "a publisher's join without an id");
}
