using System.ComponentModel.DataAnnotations;

namespace Hiroba.ServiceDefaults;

/// <summary>Section <c>Data</c>: the service's own data folder (created if missing), for the services that keep files.</summary>
public sealed record DataOptions
{
    public const string SectionName = "Data";

    [Required]
    public string Path { get; init; } = "";
}
