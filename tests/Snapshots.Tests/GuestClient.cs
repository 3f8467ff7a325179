using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hiroba.Snapshots.Tests;

/// <summary>A guest of one workshop over HTTP through the gateway, as the guest page calls the API.</summary>
public sealed class GuestClient(HttpClient http, string roomId) : IDisposable
{
    public string RoomId => roomId;

    public string GuestId { get; private set; } = "";

    public string Token { get; set; } = "";

    private string GuestPath => $"/api/snapshots/rooms/{roomId}/guests/{GuestId}";

    /// <summary>Tries to join; when it is let in, this client is the new guest.</summary>
    public async Task<HttpResponseMessage> TryJoinAsync(string name)
    {
        var response = await http.PostAsJsonAsync($"/api/snapshots/rooms/{roomId}/guests", new { name });
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var joined = await response.Content.ReadFromJsonAsync<JsonElement>();
            GuestId = joined.GetProperty("guestId").GetString()!;
            Token = joined.GetProperty("token").GetString()!;
        }
        return response;
    }

    /// <summary>The same guest over <paramref name="other"/>, e.g. straight to one process of the Snapshots service.</summary>
    public GuestClient Through(HttpClient other) => new(other, roomId) { GuestId = GuestId, Token = Token };

    public async Task<GuestClient> JoinAsync(string name)
    {
        Assert.Equal(HttpStatusCode.Created, (await TryJoinAsync(name)).StatusCode);
        return this;
    }

    /// <summary>Uploads as this guest, or as <paramref name="asGuestId"/> with this guest's token.</summary>
    public Task<HttpResponseMessage> UploadAsync(byte[] image, string contentType = "image/png", string? asGuestId = null) =>
        UploadAsync(new ByteArrayContent(image), contentType, asGuestId);

    public async Task<HttpResponseMessage> UploadAsync(HttpContent content, string contentType, string? asGuestId = null)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/snapshots/rooms/{roomId}/guests/{asGuestId ?? GuestId}") { Content = content };
        request.Headers.Add("X-Guest-Token", Token);
        return await http.SendAsync(request);
    }

    /// <summary>Uploads, waiting out the guest's rate limit (two a second) when the server asks to.</summary>
    public async Task<string> UploadAcceptedAsync(byte[] image)
    {
        while (true)
        {
            var response = await UploadAsync(image);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
    }

    public async Task<HttpResponseMessage> ChangeStateAsync(object state)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{GuestPath}/state") { Content = JsonContent.Create(state) };
        request.Headers.Add("X-Guest-Token", Token);
        return await http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> HeartbeatAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{GuestPath}/heartbeat");
        request.Headers.Add("X-Guest-Token", Token);
        return await http.SendAsync(request);
    }

    public void Dispose() => http.Dispose();
}
