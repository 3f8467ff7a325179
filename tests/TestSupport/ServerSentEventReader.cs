using System.Text.Json;

namespace Hiroba.TestSupport;

/// <summary>Reads a Server-Sent Events response: one <see cref="ServerSentEvent"/> per blank-line-terminated block.</summary>
public sealed class ServerSentEventReader(HttpResponseMessage response) : IDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly StreamReader _reader = new(response.Content.ReadAsStream());

    public HttpResponseMessage Response => response;

    /// <summary>The next event; comments (heartbeats) and the <c>retry</c> field are skipped.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultWait);
        string? id = null, type = null, data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellation.Token) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new ServerSentEvent(id, type ?? "message", JsonDocument.Parse(data).RootElement.Clone());
                }
                continue;
            }
            if (line.StartsWith(':'))
            {
                continue;
            }
            var (field, value) = line.IndexOf(':') is var colon and >= 0 ? (line[..colon], line[(colon + 1)..].TrimStart(' ')) : (line, "");
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data = value; break;
            }
        }
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
        _reader.Dispose();
        response.Dispose();
    }
}

/// <param name="Data">The event's <c>data</c>, parsed as JSON.</param>
public sealed record ServerSentEvent(string? Id, string Type, JsonElement Data);
