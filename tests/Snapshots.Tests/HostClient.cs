using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>The host API of one workshop through the gateway, with a host key (or none).</summary>
public sealed class HostClient(HttpClient http, string roomId, string? hostKey) : IDisposable
{
    public string RoomId => roomId;

    public Task<HttpResponseMessage> GetAsync(string path) => http.SendAsync(Request(path));

    public async Task<JsonElement> GetWallAsync()
    {
        var response = await GetAsync("wall");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetGuestAsync(string guestId) =>
        (await GetWallAsync()).GetProperty("guests").EnumerateArray().Single(guest => guest.GetProperty("id").GetString() == guestId);

    public async Task<byte[]> GetImageAsync(string snapshotId)
    {
        var response = await GetAsync($"snapshots/{snapshotId}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async Task<ServerSentEventReader> OpenStreamAsync(string? lastEventId = null)
    {
        var request = Request("events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new ServerSentEventReader(response);
    }

    public Task<HttpResponseMessage> RemoveGuestAsync(string guestId) => http.SendAsync(Request($"guests/{guestId}", HttpMethod.Delete));

    public HttpRequestMessage Request(string path, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, $"/api/snapshots/rooms/{roomId}/{path}");
        if (hostKey is not null)
        {
            request.Headers.Add("X-Host-Key", hostKey);
        }
        return request;
    }

    public void Dispose() => http.Dispose();
}
