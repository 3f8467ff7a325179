using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Hiroba.ServiceDefaults;

/// <summary>The shape of the sign-in cookie every service agrees on.</summary>
public static class HirobaAuthentication
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public const string CookieName = "hiroba.session";

    /// <summary>One Data Protection application name, so every service can read the gateway's cookie.</summary>
    public const string DataProtectionApplicationName = "Hiroba";

    /// <summary>The claim naming the sign-in a cookie belongs to; signing out revokes it (<see cref="RevokedSessions"/>).</summary>
    public const string SessionIdClaim = "sid";

    private const int SessionIdBytes = 16;

    /// <summary>A new session id: 128 random bits as lowercase hex.</summary>
    public static string NewSessionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SessionIdBytes));

    public static bool IsSessionId(string? value) =>
        value is { Length: SessionIdBytes * 2 } && value.All(char.IsAsciiHexDigitLower);

    public static ClaimsPrincipal CreatePrincipal(string role, string sessionId) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role), new Claim(SessionIdClaim, sessionId)], Scheme));
}
