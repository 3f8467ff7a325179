using System.Net;

namespace Hiroba.CameraBridge.Cameras;

/// <summary>
/// The only addresses the bridge dials are ws/wss URLs an operator configured or the admin entered; this is what such
/// a URL may look like. Nothing a viewer sends ever becomes an address.
/// </summary>
public static class WebSocketUrls
{
    public const int MaxLength = 2048;

    /// <summary>Momo's p2p WebSocket path, used when a camera URL has none.</summary>
    public const string MomoPath = "/ws";

    /// <param name="defaultPath">Replaces an empty path (<c>ws://host:8080</c>); null keeps it.</param>
    public static bool TryParse(string? text, string? defaultPath, out Uri url, out string error)
    {
        url = null!;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            error = $"Give a ws:// or wss:// URL of at most {MaxLength} characters.";
            return false;
        }
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("ws" or "wss"))
        {
            error = "Use a ws:// or wss:// URL, e.g. ws://192.168.1.20:8080/ws.";
            return false;
        }
        if (string.IsNullOrEmpty(parsed.Host) || IPAddress.TryParse(parsed.IdnHost, out var address) && IsNoHostAddress(address))
        {
            error = "The URL needs a host name or a unicast address.";
            return false;
        }
        if (parsed.UserInfo.Length > 0 || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            error = "The URL may not carry user information, a query or a fragment.";
            return false;
        }
        if (parsed.Port is < 1 or > 65535)
        {
            error = "The port must be between 1 and 65535.";
            return false;
        }

        url = defaultPath is not null && parsed.AbsolutePath == "/" ? new UriBuilder(parsed) { Path = defaultPath }.Uri : parsed;
        error = "";
        return true;
    }

    private static bool IsNoHostAddress(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)
        || address.IsIPv6Multicast || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && address.GetAddressBytes()[0] is >= 224 and <= 239);
}
