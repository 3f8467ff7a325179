using System.ComponentModel.DataAnnotations;

namespace Hiroba.Signaling.Replicas;

/// <summary>
/// Section <c>Signaling:Replicas</c>. Without a connection string Signaling is one replica and keeps every room in its
/// own memory; with one, it is one of several that share a PostgreSQL database saying which replica runs each room, and
/// a connection that reaches another replica is relayed to that room's replica over pub/sub (docs/scaling.md).
/// </summary>
public sealed record SignalingReplicasOptions
{
    public const string SectionName = "Signaling:Replicas";

    /// <summary>An Npgsql connection string (a secret: from the environment); null for a single replica.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>How often this replica says it is alive.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A replica not heard from for this long is gone: its rooms may move, its relayed connections close.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ReplicaTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a relayed client waits for its room's replica to answer its first message before it is asked to connect
    /// again (1013): without an answer nothing says the step arrived. Longer than <c>Signaling:DirectoryWait</c>, which a
    /// join may spend waiting for the room directory.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public bool IsReplicated => !string.IsNullOrWhiteSpace(ConnectionString);
}
