using Hiroba.Gateway.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Apis;

public static class SiteApi
{
    public static RouteGroupBuilder MapSiteApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/site");
        api.MapGet("/", GetSite).AllowAnonymous();
        return api;
    }

    /// <summary>What a page needs to tell guests where to go.</summary>
    public static Ok<SiteInfo> GetSite(HttpRequest request, IOptions<SiteOptions> options) =>
        TypedResults.Ok(new SiteInfo(options.Value.PublicOrigin(request).ToString().TrimEnd('/')));
}

/// <param name="PublicUrl">The origin guests type, without a trailing slash.</param>
public sealed record SiteInfo(string PublicUrl);
