using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

public static class AuthenticationExtensions
{
    /// <summary>
    /// Cookie authentication whose cookie any Hiroba service can validate (shared key ring in
    /// <c>Auth:KeyRingPath</c>), plus the <c>admin</c> and <c>viewer</c> policies. APIs answer
    /// 401 and 403 instead of redirecting. Identity comes only from the protected cookie.
    /// </summary>
    public static WebApplicationBuilder AddHirobaAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<AuthOptions>(AuthOptions.SectionName);

        services.AddDataProtection().SetApplicationName(HirobaAuthentication.DataProtectionApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<AuthOptions>, ILoggerFactory>((keyManagement, auth, loggerFactory) =>
                keyManagement.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(auth.Value.KeyRingPath), loggerFactory));

        services.AddAuthentication(HirobaAuthentication.Scheme).AddCookie(HirobaAuthentication.Scheme);
        services.AddOptions<CookieAuthenticationOptions>(HirobaAuthentication.Scheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) =>
            {
                cookie.Cookie.Name = HirobaAuthentication.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = auth.Value.SessionLifetime;
                cookie.SlidingExpiration = true;
                // The status code pages turn these bare status codes into problem details.
                cookie.Events.OnRedirectToLogin = context => SetStatus(context.Response, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => SetStatus(context.Response, StatusCodes.Status403Forbidden);
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(HirobaRoles.Admin, policy => policy.RequireRole(HirobaRoles.Admin))
            .AddPolicy(HirobaRoles.Viewer, policy => policy.RequireRole(HirobaRoles.Admin, HirobaRoles.Viewer));
        return builder;
    }

    private static Task SetStatus(HttpResponse response, int statusCode)
    {
        response.StatusCode = statusCode;
        return Task.CompletedTask;
    }
}
