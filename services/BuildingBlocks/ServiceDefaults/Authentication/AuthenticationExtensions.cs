using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

public static class AuthenticationExtensions
{
    /// <summary>
    /// Cookie authentication whose cookie any Hiroba service can validate (<see cref="SharedKeyRing"/>) and that
    /// signing out revokes everywhere (<see cref="RevokedSessions"/>), also ending the session's open WebSockets and event
    /// streams (<see cref="SessionConnections"/>), plus the <c>admin</c> and <c>viewer</c>
    /// policies. APIs answer 401 and 403 instead of redirecting. Identity comes only from the protected cookie.
    /// </summary>
    public static WebApplicationBuilder AddHirobaAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<AuthOptions>(AuthOptions.SectionName);
        services.AddSharedKeyRing();
        services.AddSingleton<RevokedSessions>();
        services.AddSingleton<SessionConnections>();
        services.AddHostedService<RevokedSessionsWatcher>();
        services.AddSingleton<SessionCookieEvents>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddAuthentication(HirobaAuthentication.Scheme).AddCookie(HirobaAuthentication.Scheme);
        services.AddOptions<CookieAuthenticationOptions>(HirobaAuthentication.Scheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) =>
            {
                cookie.Cookie.Name = HirobaAuthentication.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the browser's request was HTTPS: the gateway's own TLS, or X-Forwarded-Proto from a
                // trusted proxy (the gateway, for services that renew the cookie).
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = auth.Value.SessionLifetime;
                cookie.SlidingExpiration = true;
                cookie.EventsType = typeof(SessionCookieEvents);
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(HirobaRoles.Admin, policy => policy.RequireRole(HirobaRoles.Admin))
            .AddPolicy(HirobaRoles.Viewer, policy => policy.RequireRole(HirobaRoles.Admin, HirobaRoles.Viewer));
        return builder;
    }
}
