using System.ComponentModel.DataAnnotations;
using Hiroba.PostgreSql;

namespace Hiroba.Feed.Storage;

/// <summary>Section <c>Feed:Storage</c>: which database keeps the posts, and how SQLite trades commit latency for durability.</summary>
public sealed record FeedStorageOptions : StorageOptions
{
    public const string SectionName = "Feed:Storage";

    /// <summary>SQLite only; PostgreSQL's own <c>synchronous_commit</c> decides there.</summary>
    public CommitDurability CommitDurability { get; init; } = CommitDurability.ProcessCrash;

    /// <summary>SQLite only: how often the write-ahead log is copied into the database file (<see cref="Sqlite.WalCheckpointer"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>What a committed post survives (SQLite's <c>synchronous</c> setting in WAL mode).</summary>
public enum CommitDurability
{
    /// <summary>
    /// <c>synchronous = NORMAL</c>: a commit survives the service crashing or being killed, and the database is never
    /// corrupted; the last commits before an operating-system crash or power loss may roll back. No disk sync per commit.
    /// </summary>
    ProcessCrash,

    /// <summary><c>synchronous = FULL</c>: the answer waits for a disk sync, so a commit also survives a power loss.</summary>
    PowerLoss,
}
