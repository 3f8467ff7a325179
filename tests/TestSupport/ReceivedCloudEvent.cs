using System.Text.Json;

namespace Hiroba.TestSupport;

/// <summary>A CloudEvent as read off the broker: envelope id and type, and its data.</summary>
public sealed record ReceivedCloudEvent(string Id, string Type, string Source, JsonElement Data)
{
    public static ReceivedCloudEvent Parse(ReceivedMessage message)
    {
        using var envelope = JsonDocument.Parse(message.Payload);
        var root = envelope.RootElement;
        return new ReceivedCloudEvent(
            root.GetProperty("id").GetString()!, root.GetProperty("type").GetString()!,
            root.GetProperty("source").GetString()!, root.GetProperty("data").Clone());
    }
}

public static class TopicRecorderExtensions
{
    /// <summary>
    /// Reads events until <paramref name="count"/> distinct ids have arrived (a redelivered id is dropped, as a
    /// subscriber would) and returns them in the order of their first arrival.
    /// </summary>
    public static async Task<List<ReceivedCloudEvent>> NextDistinctAsync(this TopicRecorder recorder, int count, TimeSpan timeout)
    {
        var seen = new HashSet<string>();
        var events = new List<ReceivedCloudEvent>();
        var deadline = DateTime.UtcNow + timeout;
        while (events.Count < count)
        {
            var remaining = deadline - DateTime.UtcNow;
            Assert.True(remaining > TimeSpan.Zero, $"Only {events.Count} of {count} events arrived within {timeout}.");
            var received = ReceivedCloudEvent.Parse(await recorder.NextAsync(remaining));
            if (seen.Add(received.Id))
            {
                events.Add(received);
            }
        }
        return events;
    }
}
