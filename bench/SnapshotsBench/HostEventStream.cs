using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Hiroba.SnapshotsBench;

/// <summary>A host's wall stream (Server-Sent Events) through the gateway; calls back for every <c>snapshot</c> event with the guest's id and the image's size.</summary>
public static class HostEventStream
{
    public static async Task ReadAsync(HttpClient http, string roomId, string hostKey, Action<string, long> onSnapshot, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/snapshots/rooms/{roomId}/events");
        request.Headers.Add("X-Host-Key", hostKey);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var events = SseParser.Create(await response.Content.ReadAsStreamAsync(cancellationToken));
        try
        {
            await foreach (var item in events.EnumerateAsync(cancellationToken))
            {
                if (item.EventType == "snapshot")
                {
                    using var data = JsonDocument.Parse(item.Data);
                    var guest = data.RootElement.GetProperty("guest");
                    onSnapshot(guest.GetProperty("id").GetString()!, guest.GetProperty("lastSnapshot").GetProperty("size").GetInt64());
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The scenario is over.
        }
    }
}
