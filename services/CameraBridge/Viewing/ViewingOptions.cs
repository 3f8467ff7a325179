using System.ComponentModel.DataAnnotations;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>Section <c>Cameras:Viewing</c>: limits and timers of a viewing session.</summary>
public sealed record ViewingOptions
{
    public const string SectionName = "Cameras:Viewing";

    /// <summary>How long opening the link to a camera (or to its Ayame room) may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// WebSocket pings to the browser and to Momo; a side that does not answer within the same time is taken as gone.
    /// Well under the gateway's two-minute activity timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest message either side may send (an SDP is a few kilobytes).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>Most messages a browser may send in one session (an offer and its candidates are a few dozen).</summary>
    [Range(10, 100_000)]
    public int MaxMessagesPerSession { get; init; } = 1000;
}
