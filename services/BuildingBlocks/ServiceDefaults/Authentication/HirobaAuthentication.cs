using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Hiroba.ServiceDefaults;

/// <summary>The shape of the sign-in cookie every service agrees on.</summary>
public static class HirobaAuthentication
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public const string CookieName = "hiroba.session";

    /// <summary>One Data Protection application name, so every service can read the gateway's cookie.</summary>
    public const string DataProtectionApplicationName = "Hiroba";

    public static ClaimsPrincipal CreatePrincipal(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], Scheme));
}
