using System.ComponentModel.DataAnnotations;

namespace Hiroba.Feed.Storage;

/// <summary>Section <c>Data</c>: where the service keeps its files.</summary>
public sealed record DataOptions
{
    public const string SectionName = "Data";

    /// <summary>The service's own data folder (created if missing); the database is <c>feed.db</c> in it.</summary>
    [Required]
    public string Path { get; init; } = "";
}
