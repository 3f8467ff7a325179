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
        api.MapPost("/sign-out", SignOutAsync);
        api.MapGet("/me", GetMe).RequireAuthorization(HirobaRoles.Viewer);
        return api;
    }

    /// <summary>
    /// Accepts JSON (answers with the role) or a plain HTML form post (redirects to its local
    /// <c>returnUrl</c>). A wrong password sets nothing.
    /// </summary>
    public static async Task<Results<Ok<SignedInUser>, RedirectHttpResult, ProblemHttpResult>> SignInAsync(
        HttpContext context, PasswordVerifier verifier, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(typeof(AuthApi));
        var request = await SignInRequest.ReadAsync(context.Request, context.RequestAborted);
        if (request is null)
        {
            return TypedResults.Problem(
                "Send the password as JSON {\"password\": \"...\"} or as a form field.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var role = verifier.FindRole(request.Password);
        var client = context.Connection.RemoteIpAddress?.ToString();
        if (role is null)
        {
            LogSignInRefused(logger, client);
            return TypedResults.Problem("Wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(HirobaAuthentication.Scheme, HirobaAuthentication.CreatePrincipal(role));
        LogSignedIn(logger, role, client);
        return request.IsForm
            ? TypedResults.Redirect(LocalUrl.OrHome(request.ReturnUrl))
            : TypedResults.Ok(new SignedInUser(role));
    }

    public static async Task<NoContent> SignOutAsync(HttpContext context, IAuthenticationService authentication)
    {
        await authentication.SignOutAsync(context, HirobaAuthentication.Scheme, properties: null);
        return TypedResults.NoContent();
    }

    public static Ok<SignedInUser> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new SignedInUser(user.IsInRole(HirobaRoles.Admin) ? HirobaRoles.Admin : HirobaRoles.Viewer));

    [LoggerMessage(LogLevel.Warning, "Sign-in refused for {Client}: wrong password")]
    private static partial void LogSignInRefused(ILogger logger, string? client);

    [LoggerMessage(LogLevel.Information, "Signed in as {Role} from {Client}")]
    private static partial void LogSignedIn(ILogger logger, string role, string? client);
}
