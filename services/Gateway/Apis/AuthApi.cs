using System.Globalization;
using System.Security.Claims;
using Hiroba.Gateway.Authentication;
using Hiroba.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hiroba.Gateway.Apis;

public static partial class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth");
        api.MapPost("/sign-in", SignInAsync).RequireRateLimiting(SignInExtensions.RateLimitPolicy);
        // The sign-in page's form posts to the page's own address, which carries its returnUrl (signin.html).
        app.MapPost("/signin", SignInAsync).RequireRateLimiting(SignInExtensions.RateLimitPolicy);
        api.MapPost("/sign-out", SignOutAsync);
        api.MapGet("/me", GetMe).RequireAuthorization(HirobaRoles.Viewer);
        return api;
    }

    /// <summary>
    /// Accepts JSON (answers with the role) or a plain HTML form post (redirects to its local
    /// <c>returnUrl</c>, a form field or else the query's). A wrong password sets nothing and spends one of the accounts' wrong passwords.
    /// </summary>
    public static async Task<Results<Ok<SignedInUser>, RedirectHttpResult, ProblemHttpResult>> SignInAsync(
        HttpContext context, PasswordVerifier verifier, WrongPasswordBudget wrongPasswords, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(AuthApi));
        var request = await SignInRequest.ReadAsync(context.Request, context.RequestAborted);
        if (request is null)
        {
            return TypedResults.Problem(
                "Send the password as JSON {\"password\": \"...\"} or as a form field.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var client = context.Connection.RemoteIpAddress?.ToString();
        if (wrongPasswords.IsSpent)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wrongPasswords.RetryAfter.TotalSeconds));
            LogSignInPaused(logger, client);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                $"Too many wrong passwords from everywhere in a short time. Try again in {seconds} s.",
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        var role = verifier.FindRole(request.Password);
        if (role is null)
        {
            wrongPasswords.SpendOne();
            LogSignInRefused(logger, client);
            return TypedResults.Problem("Wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(HirobaAuthentication.Scheme, HirobaAuthentication.CreatePrincipal(role, HirobaAuthentication.NewSessionId()));
        LogSignedIn(logger, role, client);
        return request.IsForm
            ? TypedResults.Redirect(LocalUrl.OrHome(request.ReturnUrl))
            : TypedResults.Ok(new SignedInUser(role));
    }

    /// <summary>
    /// Ends the session of the cookie sent: revokes it in every service (<see cref="RevokedSessions"/>) and deletes the
    /// cookie. A request without the cookie changes nothing; a page of another site cannot send it (SameSite=Strict), and
    /// one on another port of this host is refused before it gets here (the cross-origin cookie guard).
    /// </summary>
    public static async Task<NoContent> SignOutAsync(HttpContext context, RevokedSessions revokedSessions, CancellationToken cancellationToken)
    {
        if (!context.Request.Cookies.ContainsKey(HirobaAuthentication.CookieName))
        {
            return TypedResults.NoContent();
        }
        if (context.User.FindFirst(HirobaAuthentication.SessionIdClaim)?.Value is { } sessionId && HirobaAuthentication.IsSessionId(sessionId))
        {
            await revokedSessions.RevokeAsync(sessionId, cancellationToken);
        }
        await context.SignOutAsync(HirobaAuthentication.Scheme);
        return TypedResults.NoContent();
    }

    public static Ok<SignedInUser> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new SignedInUser(user.IsInRole(HirobaRoles.Admin) ? HirobaRoles.Admin : HirobaRoles.Viewer));

    [LoggerMessage(LogLevel.Warning, "Sign-in refused for {Client}: wrong password")]
    private static partial void LogSignInRefused(ILogger logger, string? client);

    [LoggerMessage(LogLevel.Warning, "Sign-in refused for {Client} without checking the password: too many wrong passwords from everywhere")]
    private static partial void LogSignInPaused(ILogger logger, string? client);

    [LoggerMessage(LogLevel.Information, "Signed in as {Role} from {Client}")]
    private static partial void LogSignedIn(ILogger logger, string role, string? client);
}
