using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// How every service treats the sign-in cookie beyond its protection: a cookie of a signed-out session (or from before
/// sessions had ids) is refused, and APIs answer 401 and 403 instead of redirecting (the status code pages turn the
/// bare codes into problem details).
/// </summary>
internal sealed partial class SessionCookieEvents(RevokedSessions revoked, ILogger<SessionCookieEvents> logger) : CookieAuthenticationEvents
{
    public override Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirst(HirobaAuthentication.SessionIdClaim)?.Value;
        if (!HirobaAuthentication.IsSessionId(sessionId) || revoked.IsRevoked(sessionId!))
        {
            LogRefused(logger, context.Request.Method, context.Request.Path);
            context.RejectPrincipal();
        }
        return Task.CompletedTask;
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        SetStatus(context.Response, StatusCodes.Status401Unauthorized);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        SetStatus(context.Response, StatusCodes.Status403Forbidden);

    private static Task SetStatus(HttpResponse response, int statusCode)
    {
        response.StatusCode = statusCode;
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "Refused the cookie of a signed-out session on {Method} {Path}")]
    private static partial void LogRefused(ILogger logger, string method, string path);
}
