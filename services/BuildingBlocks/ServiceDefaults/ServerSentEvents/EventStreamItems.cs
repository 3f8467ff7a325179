using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Hiroba.ServiceDefaults.ServerSentEvents;

/// <summary>
/// The Server-Sent Events of Hiroba's streams, their data encoded as JSON once however many clients receive them.
/// </summary>
public static class EventStreamItems
{
    public const string SessionEndedEventType = "session-ended";

    /// <summary>
    /// Keeps an idle stream open through proxies (the gateway cuts one idle for 2 minutes). An event no page listens to,
    /// because <see cref="SseFormatter"/> writes no comments.
    /// </summary>
    public const string KeepAliveEventType = "keep-alive";

    /// <summary>How long a browser waits before it reconnects, sent with a stream's first event.</summary>
    public static readonly TimeSpan ReconnectionInterval = TimeSpan.FromSeconds(2);

    public static SseItem<byte[]> KeepAlive { get; } = new("{}"u8.ToArray(), KeepAliveEventType);

    /// <summary>The first event of every stream: it tells the browser <see cref="ReconnectionInterval"/>.</summary>
    public static SseItem<byte[]> Opening { get; } = KeepAlive with { ReconnectionInterval = ReconnectionInterval };

    /// <summary>The last event of a stream whose signed-in session signed out (<see cref="SessionConnections"/>).</summary>
    public static SseItem<byte[]> SessionEnded { get; } =
        Create(SessionEndedEventType, JsonSerializer.SerializeToUtf8Bytes(new { message = SessionConnection.EndedMessage }));

    /// <param name="json">One line of JSON (System.Text.Json writes no line breaks unless indenting).</param>
    /// <param name="id">The event id a reconnecting browser sends back as <c>Last-Event-ID</c>; none when null.</param>
    public static SseItem<byte[]> Create(string type, byte[] json, string? id = null) => new(json, type) { EventId = id };
}
