namespace Hiroba.Gateway.Apis;

/// <summary>Keeps redirects on this site, so a crafted <c>returnUrl</c> cannot send a user elsewhere.</summary>
public static class LocalUrl
{
    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";

    public static bool IsLocal(string? url) =>
        url is ['/', ..] &&
        !url.StartsWith("//", StringComparison.Ordinal) &&
        !url.StartsWith("/\\", StringComparison.Ordinal) &&
        !url.Any(char.IsControl);
}
