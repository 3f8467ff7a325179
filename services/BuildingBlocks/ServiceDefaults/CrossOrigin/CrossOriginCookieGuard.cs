using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// Refuses, with 403 problem details, a request that carries the sign-in cookie, comes from a page of another origin
/// (<see cref="RequestOrigin"/>) and could act for the user: a WebSocket handshake (browsers apply no CORS to
/// WebSockets) or any method but GET, HEAD, OPTIONS and TRACE (a form post needs no CORS either). In every service,
/// so no cookie-authenticated WebSocket or form endpoint can forget the check.
/// </summary>
internal sealed partial class CrossOriginCookieGuard(RequestDelegate next, IProblemDetailsService problems, ILogger<CrossOriginCookieGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Cookies.ContainsKey(HirobaAuthentication.CookieName) || !ActsForTheUser(request) || !RequestOrigin.IsCrossOrigin(request))
        {
            await next(context);
            return;
        }

        LogRefused(logger, request.Method, request.Path, request.Headers.Origin.ToString(), request.Headers["Sec-Fetch-Site"].ToString());
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Detail = "This request carries the sign-in cookie but comes from a page of another site or port; only this site's own pages may send it.",
            },
        });
    }

    private static bool ActsForTheUser(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        || request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(LogLevel.Information, "Refused a cross-origin {Method} {Path} carrying the sign-in cookie (Origin '{Origin}', Sec-Fetch-Site '{Site}')")]
    private static partial void LogRefused(ILogger logger, string method, string path, string origin, string site);
}

public static class CrossOriginCookieGuardExtensions
{
    /// <summary>Puts <see cref="CrossOriginCookieGuard"/> in front of every endpoint (after the forwarded headers and the error pages).</summary>
    public static IServiceCollection AddCrossOriginCookieGuard(this IServiceCollection services) =>
        services.AddTransient<IStartupFilter, CrossOriginCookieGuardStartupFilter>();

    private sealed class CrossOriginCookieGuardStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<CrossOriginCookieGuard>();
            next(app);
        };
    }
}
