namespace Hiroba.LocalComponents;

/// <summary>The topics browsers may read from the public websockets listener (helper-brief: shared contracts).</summary>
public static class PublicMqttTopics
{
    public static IReadOnlyList<string> All { get; } =
        ["feed.post-published", "feed.post-deleted", "cameras.camera-status-changed"];
}
