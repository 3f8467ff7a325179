using System.ComponentModel.DataAnnotations;

namespace Hiroba.CameraBridge.Janus;

/// <summary>
/// Section <c>Cameras:Janus</c>: the Janus media server that shares one Ayame camera's stream with many viewers. Without
/// <see cref="Url"/> every camera keeps one viewer at a time.
/// </summary>
public sealed record JanusOptions : IValidatableObject
{
    public const string SectionName = "Cameras:Janus";

    /// <summary>Janus's REST API root as the bridge reaches it, e.g. <c>http://127.0.0.1:8088/janus</c>.</summary>
    public Uri? Url { get; init; }

    /// <summary>Janus's <c>api_secret</c>; required with <see cref="Url"/>. It never leaves the server.</summary>
    [StringLength(256, MinimumLength = 16)]
    public string? ApiSecret { get; init; }

    /// <summary>How long one request to Janus may take; an event long poll may wait 30 s more on Janus's side.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0 || url.Query.Length > 0))
        {
            yield return new ValidationResult(
                $"{SectionName}:Url must be an http:// or https:// address without user or query, e.g. http://janus:8088/janus, not '{url}'.", [nameof(Url)]);
        }
        if (Url is not null && string.IsNullOrEmpty(ApiSecret))
        {
            yield return new ValidationResult(
                $"{SectionName}:ApiSecret is required with {SectionName}:Url: Janus must not serve its API without a secret.", [nameof(ApiSecret)]);
        }
    }
}
