using System.ComponentModel.DataAnnotations;

namespace Hiroba.Rooms.Data;

/// <summary>Section <c>Data</c>: the service's own data folder.</summary>
public sealed record DataOptions
{
    public const string SectionName = "Data";

    [Required]
    public string Path { get; init; } = "";
}
