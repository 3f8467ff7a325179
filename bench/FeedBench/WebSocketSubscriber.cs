using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;

namespace Hiroba.FeedBench;

/// <summary>
/// A browser-like subscriber: MQTT 3.1.1 over WebSocket through the gateway's <c>/mqtt</c>, anonymous, clean session,
/// QoS 0. Just enough MQTT to connect, subscribe, keep alive and read PUBLISH packets.
/// </summary>
public sealed class WebSocketSubscriber : IAsyncDisposable
{
    private const ushort KeepAliveSeconds = 60;
    private readonly ClientWebSocket _socket = new();
    private readonly Action<ReadOnlyMemory<byte>> _onPayload;
    private readonly CancellationTokenSource _stopping = new();
    private Task _reading = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;

    private WebSocketSubscriber(Action<ReadOnlyMemory<byte>> onPayload) => _onPayload = onPayload;

    public static async Task<WebSocketSubscriber> ConnectAsync(
        Uri mqttUri, string topic, string clientId, Action<ReadOnlyMemory<byte>> onPayload, CancellationToken cancellationToken)
    {
        var subscriber = new WebSocketSubscriber(onPayload);
        subscriber._socket.Options.AddSubProtocol("mqtt");
        await subscriber._socket.ConnectAsync(mqttUri, cancellationToken);
        await subscriber.SendAsync(Connect(clientId), cancellationToken);
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber._reading = subscriber.ReadAsync(subscribed);
        await subscriber.SendAsync(Subscribe(topic), cancellationToken);
        await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        subscriber._pinging = subscriber.PingAsync();
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // Already closed.
        }
        await Task.WhenAll(_reading, _pinging).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stopping.Dispose();
    }

    private Task SendAsync(byte[] packet, CancellationToken cancellationToken) =>
        _socket.SendAsync(packet, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    private async Task PingAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(KeepAliveSeconds / 2));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await SendAsync([0xC0, 0x00], _stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Reads MQTT packets from the stream of WebSocket messages (a packet may span messages).</summary>
    private async Task ReadAsync(TaskCompletionSource subscribed)
    {
        var buffer = new byte[1 << 16];
        var pending = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _stopping.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                pending.Write(buffer, 0, result.Count);
                var consumed = ParsePackets(pending.GetBuffer().AsMemory(0, (int)pending.Length), subscribed);
                var rest = pending.GetBuffer().AsSpan(consumed, (int)pending.Length - consumed).ToArray();
                pending.SetLength(0);
                pending.Write(rest);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            subscribed.TrySetException(exception);
        }
    }

    private int ParsePackets(ReadOnlyMemory<byte> data, TaskCompletionSource subscribed)
    {
        var offset = 0;
        while (TryReadHeader(data.Span[offset..], out var headerLength, out var remaining))
        {
            if (offset + headerLength + remaining > data.Length)
            {
                break;
            }
            var type = data.Span[offset] >> 4;
            var body = data.Slice(offset + headerLength, remaining);
            if (type == 3)
            {
                var topicLength = BinaryPrimitives.ReadUInt16BigEndian(body.Span);
                _onPayload(body[(2 + topicLength)..]);
            }
            else if (type == 9)
            {
                subscribed.TrySetResult();
            }
            offset += headerLength + remaining;
        }
        return offset;
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> data, out int headerLength, out int remaining)
    {
        remaining = 0;
        headerLength = 0;
        var multiplier = 1;
        for (var i = 1; i < Math.Min(data.Length, 5); i++)
        {
            remaining += (data[i] & 0x7F) * multiplier;
            multiplier *= 128;
            if ((data[i] & 0x80) == 0)
            {
                headerLength = i + 1;
                return true;
            }
        }
        return false;
    }

    private static byte[] Connect(string clientId)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        byte[] variable = [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0x02, 0, (byte)KeepAliveSeconds];
        return Packet(0x10, [.. variable, .. Length(id.Length), .. id]);
    }

    private static byte[] Subscribe(string topic)
    {
        var name = Encoding.UTF8.GetBytes(topic);
        return Packet(0x82, [0, 1, .. Length(name.Length), .. name, 0]);
    }

    private static byte[] Length(int length) => [(byte)(length >> 8), (byte)length];

    private static byte[] Packet(byte header, byte[] body)
    {
        var encoded = new List<byte> { header };
        var remaining = body.Length;
        do
        {
            var digit = (byte)(remaining % 128);
            remaining /= 128;
            encoded.Add(remaining > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (remaining > 0);
        return [.. encoded, .. body];
    }
}
