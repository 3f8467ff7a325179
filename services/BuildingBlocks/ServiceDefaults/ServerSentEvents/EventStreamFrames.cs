using System.Text;
using System.Text.Json;

namespace Hiroba.ServiceDefaults.ServerSentEvents;

/// <summary>Server-Sent Events frames, encoded once however many clients receive them.</summary>
public static class EventStreamFrames
{
    public const string SessionEndedEventType = "session-ended";

    /// <summary>A comment that keeps an idle stream open through proxies (the gateway cuts one idle for 2 minutes).</summary>
    public static ReadOnlyMemory<byte> Heartbeat { get; } = ":\n\n"u8.ToArray();

    /// <summary>The last event of a stream whose signed-in session signed out (<see cref="SessionConnections"/>).</summary>
    public static ReadOnlyMemory<byte> SessionEnded { get; } = Create(
        SessionEndedEventType, JsonSerializer.SerializeToUtf8Bytes(new { message = SessionConnection.EndedMessage }));

    /// <summary>Tells the browser how long to wait before it reconnects.</summary>
    public static ReadOnlyMemory<byte> Retry { get; } = "retry: 2000\n\n"u8.ToArray();

    /// <param name="json">One line of JSON (System.Text.Json writes no line breaks unless indenting).</param>
    /// <param name="id">The event id a reconnecting browser sends back as <c>Last-Event-ID</c>; none when null.</param>
    public static byte[] Create(string type, ReadOnlySpan<byte> json, string? id = null)
    {
        var header = Encoding.UTF8.GetBytes(id is null ? $"event: {type}\ndata: " : $"id: {id}\nevent: {type}\ndata: ");
        var frame = new byte[header.Length + json.Length + 2];
        header.CopyTo(frame, 0);
        json.CopyTo(frame.AsSpan(header.Length));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
