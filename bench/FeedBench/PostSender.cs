using System.Net;
using System.Text;

namespace Hiroba.FeedBench;

/// <summary>Posts through the gateway like many browsers at once; titles carry a sequence number subscribers can find.</summary>
public sealed class PostSender(Uri gateway) : IDisposable
{
    public const string TitlePrefix = "bench-";
    public const int SequenceDigits = 8;

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = gateway };

    public async Task<HttpStatusCode> PostAsync(long sequence, CancellationToken cancellationToken)
    {
        var json = $$"""{"title":"{{TitlePrefix}}{{sequence.ToString($"D{SequenceDigits}", System.Globalization.CultureInfo.InvariantCulture)}}","body":"A benchmark post.\nSecond line."}""";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/api/feed/posts", content, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>The sequence number in a CloudEvent payload's title, or -1.</summary>
    public static long FindSequence(ReadOnlySpan<byte> payload)
    {
        ReadOnlySpan<byte> marker = "\"title\":\"bench-"u8;
        var at = payload.IndexOf(marker);
        if (at < 0 || at + marker.Length + SequenceDigits > payload.Length)
        {
            return -1;
        }
        long value = 0;
        foreach (var digit in payload.Slice(at + marker.Length, SequenceDigits))
        {
            value = value * 10 + (digit - '0');
        }
        return value;
    }

    public void Dispose() => _http.Dispose();
}
