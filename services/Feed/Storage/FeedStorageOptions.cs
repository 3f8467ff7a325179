using System.ComponentModel.DataAnnotations;

namespace Hiroba.Feed.Storage;

/// <summary>Section <c>Feed:Storage</c>: which database keeps the posts, and how SQLite trades commit latency for durability.</summary>
public sealed record FeedStorageOptions : IValidatableObject
{
    public const string SectionName = "Feed:Storage";

    public FeedStorageProvider Provider { get; init; } = FeedStorageProvider.Sqlite;

    /// <summary>
    /// With <see cref="FeedStorageProvider.PostgreSql"/>: an Npgsql connection string (host, database, user, password).
    /// It holds a password, so it comes from a secret (the environment), never from a committed file.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>SQLite only; PostgreSQL's own <c>synchronous_commit</c> decides there.</summary>
    public CommitDurability CommitDurability { get; init; } = CommitDurability.ProcessCrash;

    /// <summary>SQLite only: how often the write-ahead log is copied into the database file (<see cref="Sqlite.WalCheckpointer"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == FeedStorageProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                $"{SectionName}:Provider is PostgreSql, so {SectionName}:ConnectionString must name the database.",
                [nameof(ConnectionString)]);
        }
    }
}

public enum FeedStorageProvider
{
    /// <summary>The file <c>feed.db</c> in the data folder: one Feed replica, nothing else to run.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database that several Feed replicas share (docs/scaling.md).</summary>
    PostgreSql,
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
