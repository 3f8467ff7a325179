using System.ComponentModel.DataAnnotations;

namespace Hiroba.CameraBridge.Status;

/// <summary>Section <c>Cameras:Status</c>: how the bridge finds out whether cameras are there.</summary>
public sealed record StatusOptions
{
    public const string SectionName = "Cameras:Status";

    /// <summary>Between probes of a reachable p2p camera; an unreachable one is probed ever less often.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between probes of an unreachable camera (the backoff's cap).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MaxProbeInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a TCP connect to a camera's port may take before the camera counts as offline.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an Ayame-mode camera may be out of its room before it counts as offline: when a viewer leaves, the room
    /// is torn down and Momo registers again at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan AyameRejoinGrace { get; init; } = TimeSpan.FromSeconds(3);
}
