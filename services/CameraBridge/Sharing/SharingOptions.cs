using System.ComponentModel.DataAnnotations;

namespace Hiroba.CameraBridge.Sharing;

/// <summary>Section <c>Cameras:Sharing</c>: Ayame cameras shared through Janus (with <c>Cameras:Janus:Url</c> set).</summary>
public sealed record SharingOptions
{
    public const string SectionName = "Cameras:Sharing";

    /// <summary>Viewers of one camera at once; each is a PeerConnection and an RTP port of Janus's.</summary>
    [Range(1, 1000)]
    public int MaxViewers { get; init; } = 30;

    /// <summary>How long the first viewer waits for Momo's stream to reach Janus (Momo registers again, offers, connects).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a camera keeps streaming into Janus after its last viewer left, for the next one to start at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan IdleGrace { get; init; } = TimeSpan.FromSeconds(10);
}
