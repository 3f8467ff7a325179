using System.ComponentModel.DataAnnotations;

namespace Hiroba.Gateway.Site;

/// <summary>Section <c>Gateway</c>: how guests reach this Hiroba.</summary>
public sealed record SiteOptions : IValidatableObject
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// The origin guests type, e.g. <c>https://192.168.1.20:8443</c> (HIROBA_PUBLIC_URL in the local run). Links and
    /// QR codes name it; without it they name the origin of the request that asks.
    /// </summary>
    public Uri? PublicUrl { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicUrl is null)
        {
            yield break;
        }
        if (!PublicUrl.IsAbsoluteUri || PublicUrl.Scheme is not ("http" or "https")
            || PublicUrl.AbsolutePath != "/" || PublicUrl.Query.Length > 0 || PublicUrl.Fragment.Length > 0
            || PublicUrl.UserInfo.Length > 0)
        {
            yield return new ValidationResult(
                "must be an http or https origin such as https://192.168.1.20:8443, with no path, query or user.",
                [nameof(PublicUrl)]);
        }
    }

    /// <summary>The configured public origin, or the origin the request came to.</summary>
    public Uri PublicOrigin(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (PublicUrl is not null)
        {
            return PublicUrl;
        }
        // Kestrel lets through Host headers that System.Uri refuses (a label of hundreds of characters).
        return Uri.TryCreate($"{request.Scheme}://{request.Host}/", UriKind.Absolute, out var origin)
            ? origin
            : throw new BadHttpRequestException("The Host header does not name a host.", StatusCodes.Status400BadRequest);
    }
}
