using Microsoft.AspNetCore.Http;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// Whether a browser says a request comes from a page of another origin. The request's own origin is its scheme and
/// host as the client used them: behind the gateway those come from the gateway's <c>X-Forwarded-Proto</c> and
/// <c>X-Forwarded-Host</c>, which a service believes only from the gateway (<see cref="ForwardedHeadersExtensions"/>).
/// Another port of the same host is another origin, though the same site, so the sign-in cookie
/// (<c>SameSite=Strict</c>) still travels with its requests.
/// </summary>
public static class RequestOrigin
{
    public static bool IsCrossOrigin(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return !IsOwnOrigin(origin, request);
        }
        // Browsers leave Origin out of some requests (a GET navigation, for instance) but always send Sec-Fetch-Site;
        // a client that sends neither is no browser, and no page can make it send the user's cookie.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length > 0 && site is not ("same-origin" or "none");
    }

    private static bool IsOwnOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.AbsolutePath == "/"
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == (request.Host.Port ?? DefaultPort(request.Scheme));

    private static int DefaultPort(string scheme) =>
        string.Equals(scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? 443 : 80;
}
