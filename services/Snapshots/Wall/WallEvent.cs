using System.Globalization;
using System.Text;

namespace Hiroba.Snapshots.Wall;

/// <summary>One wall event, already framed for Server-Sent Events, so it is encoded once however many hosts watch.</summary>
public sealed record WallEvent(long Sequence, ReadOnlyMemory<byte> Frame)
{
    /// <summary>An SSE comment that keeps an idle stream open through proxies.</summary>
    public static ReadOnlyMemory<byte> HeartbeatFrame { get; } = ":\n\n"u8.ToArray();

    /// <summary>Tells the browser how long to wait before it reconnects.</summary>
    public static ReadOnlyMemory<byte> RetryFrame { get; } = "retry: 2000\n\n"u8.ToArray();

    /// <param name="json">One line of JSON (System.Text.Json writes no line breaks unless indenting).</param>
    public static WallEvent Create(string id, long sequence, string type, ReadOnlySpan<byte> json)
    {
        var header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {id}\nevent: {type}\ndata: "));
        var frame = new byte[header.Length + json.Length + 2];
        header.CopyTo(frame, 0);
        json.CopyTo(frame.AsSpan(header.Length));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return new WallEvent(sequence, frame);
    }
}
