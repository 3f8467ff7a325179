using System.Net.Http.Json;
using System.Text.Json;

namespace Hiroba.TestSupport;

/// <summary>Janus's REST API asked directly, as a test oracle for a Janus the test started.</summary>
public static class JanusApi
{
    /// <summary><c>GET /janus/info</c>: the plugins and transports loaded, and whether the API needs a secret.</summary>
    public static async Task<JanusInfo> InfoAsync(HttpClient http, Uri apiUrl)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var info = JsonDocument.Parse(await http.GetStringAsync(new Uri($"{apiUrl}/info")));
        var root = info.RootElement;
        return new JanusInfo(
            root.GetProperty("janus").GetString(),
            [.. root.GetProperty("plugins").EnumerateObject().Select(plugin => plugin.Name)],
            [.. root.GetProperty("transports").EnumerateObject().Select(transport => transport.Name)],
            root.GetProperty("api_secret").GetBoolean(),
            root.GetProperty("ipv6").GetBoolean());
    }

    /// <summary>Janus's answer to <c>create</c> (a session) sent with <paramref name="secret"/> as <c>apisecret</c>.</summary>
    public static async Task<JsonDocument> CreateSessionAsync(HttpClient http, Uri apiUrl, string? secret)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync(apiUrl, new Dictionary<string, string?>
        {
            ["janus"] = "create",
            ["transaction"] = Guid.NewGuid().ToString("N"),
            ["apisecret"] = secret,
        });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}

/// <param name="Kind">The answer's <c>janus</c> field: <c>server_info</c>.</param>
public sealed record JanusInfo(string? Kind, IReadOnlyList<string> Plugins, IReadOnlyList<string> Transports, bool NeedsApiSecret, bool Ipv6);
