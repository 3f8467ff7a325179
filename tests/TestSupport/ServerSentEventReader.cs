using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Hiroba.TestSupport;

/// <summary>Reads a Server-Sent Events response with <see cref="SseParser"/>, its data parsed as JSON.</summary>
public sealed class ServerSentEventReader : IDisposable
{
    private const string KeepAliveEventType = "keep-alive";
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _timeout = new();
    private readonly SseParser<JsonElement> _parser;
    private readonly IAsyncEnumerator<SseItem<JsonElement>> _items;

    public ServerSentEventReader(HttpResponseMessage response)
    {
        Response = response;
        _parser = SseParser.Create(response.Content.ReadAsStream(), (_, data) => JsonDocument.Parse(data.ToArray()).RootElement.Clone());
        _items = _parser.EnumerateAsync(_timeout.Token).GetAsyncEnumerator();
    }

    public HttpResponseMessage Response { get; }

    /// <summary>What the stream told the browser to wait before reconnecting (<c>retry</c>); infinite until it did.</summary>
    public TimeSpan ReconnectionInterval => _parser.ReconnectionInterval;

    /// <summary>The next event; the streams' keep-alive events (and the <c>retry</c> field) are skipped.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan? timeout = null)
    {
        _timeout.CancelAfter(timeout ?? DefaultWait);
        while (await _items.MoveNextAsync())
        {
            if (_items.Current.EventType != KeepAliveEventType)
            {
                _timeout.CancelAfter(Timeout.InfiniteTimeSpan);
                return new ServerSentEvent(_items.Current.EventId, _items.Current.EventType, _items.Current.Data);
            }
        }
        throw new EndOfStreamException("The event stream ended.");
    }

    /// <summary>Reads until an event matches, returning it and everything read before it.</summary>
    public async Task<(ServerSentEvent Match, List<ServerSentEvent> Before)> ReadUntilAsync(Func<ServerSentEvent, bool> predicate)
    {
        var before = new List<ServerSentEvent>();
        while (true)
        {
            var next = await NextAsync();
            if (predicate(next))
            {
                return (next, before);
            }
            before.Add(next);
        }
    }

    public void Dispose()
    {
        _items.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _timeout.Dispose();
        Response.Dispose();
    }
}

/// <param name="Data">The event's <c>data</c>, parsed as JSON.</param>
public sealed record ServerSentEvent(string? Id, string Type, JsonElement Data);
