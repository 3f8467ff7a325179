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
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var type = "";
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (type == "snapshot" && line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    using var data = JsonDocument.Parse(line[6..]);
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
