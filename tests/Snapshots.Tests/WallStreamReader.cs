using System.Text.Json;

namespace Hiroba.Snapshots.Tests;

/// <summary>Reads a host's Server-Sent Events stream: one <see cref="WallStreamEvent"/> per blank-line-terminated block.</summary>
public sealed class WallStreamReader(HttpResponseMessage response) : IDisposable
{
    private readonly StreamReader _reader = new(response.Content.ReadAsStream());

    public HttpResponseMessage Response => response;

    public async Task<WallStreamEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TestTimeouts.Generous);
        string? id = null, type = null, data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellation.Token) ?? throw new EndOfStreamException("The wall stream ended.");
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new WallStreamEvent(id, type ?? "message", JsonDocument.Parse(data).RootElement.Clone());
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
    public async Task<(WallStreamEvent Match, List<WallStreamEvent> Before)> ReadUntilAsync(Func<WallStreamEvent, bool> predicate)
    {
        var before = new List<WallStreamEvent>();
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

public sealed record WallStreamEvent(string? Id, string Type, JsonElement Data)
{
    public string? GuestId => Data.TryGetProperty("guest", out var guest) ? guest.GetProperty("id").GetString()
        : Data.TryGetProperty("guestId", out var id) ? id.GetString() : null;
}

public static class TestTimeouts
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
}
