using System.ComponentModel.DataAnnotations;

namespace Hiroba.ServiceDefaults;

/// <summary>Section <c>RequestLimits</c>: limits every endpoint gets unless it raises its own.</summary>
public sealed record RequestLimitsOptions
{
    public const string SectionName = "RequestLimits";

    /// <summary>Largest request body in bytes (default 1 MiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodySize { get; init; } = 1024 * 1024;
}
