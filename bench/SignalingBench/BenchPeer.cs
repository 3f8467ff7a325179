using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Hiroba.SignalingBench;

/// <summary>
/// One load-generator peer on <c>/ws/signaling</c>: a send queue with its own loop, and a receive loop that counts
/// relayed messages and reads the send timestamp each carries.
/// </summary>
public sealed class BenchPeer : IAsyncDisposable
{
    private const int TimestampDigits = 19;
    // A string, so the fixed-width (zero-padded) number stays valid JSON.
    private static readonly byte[] TimestampMarker = "\"t\":\""u8.ToArray();

    private readonly ClientWebSocket _socket = new();
    private readonly Channel<byte[]> _outgoing = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly TaskCompletionSource<JsonElement> _welcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _partnerJoined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Type, int Size), (byte[] Bytes, int TimestampOffset)> _templates = new();
    private Task _loops = Task.CompletedTask;

    /// <summary>Called with the latency (Stopwatch ticks) of every relayed message received.</summary>
    public Action<BenchPeer, long>? OnRelayed { get; set; }

    public string PeerId { get; private set; } = "";

    public string PartnerId { get; private set; } = "";

    public static async Task<BenchPeer> JoinAsync(Uri uri, string room, string name)
    {
        var peer = new BenchPeer();
        peer._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await peer._socket.ConnectAsync(uri, CancellationToken.None);
        peer._loops = Task.WhenAll(peer.SendLoopAsync(), peer.ReceiveLoopAsync());
        peer.Send(JsonSerializer.SerializeToUtf8Bytes(new { type = "join", room, name }));
        var welcome = await peer._welcome.Task.WaitAsync(TimeSpan.FromSeconds(60));
        peer.PeerId = welcome.GetProperty("peerId").GetString()!;
        var peers = welcome.GetProperty("peers");
        if (peers.GetArrayLength() > 0)
        {
            peer.PartnerId = peers[0].GetProperty("peerId").GetString()!;
        }
        return peer;
    }

    /// <summary>The first peer of a pair learns its partner from <c>peer-joined</c>.</summary>
    public async Task WaitForPartnerAsync()
    {
        if (PartnerId.Length == 0)
        {
            PartnerId = await _partnerJoined.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    public void Send(byte[] message) => _outgoing.Writer.TryWrite(message);

    /// <summary>A relay message to the partner carrying the current timestamp, padded to about <paramref name="size"/> bytes.</summary>
    public byte[] Message(string type, int size)
    {
        // Built once per shape; each message is a copy with the timestamp written into its fixed-width field.
        var template = _templates.GetOrAdd((type, size), key => Template(key.Type, key.Size));
        var message = template.Bytes.ToArray();
        Utf8Formatter.TryFormat(Stopwatch.GetTimestamp(), message.AsSpan(template.TimestampOffset, TimestampDigits), out _, new System.Buffers.StandardFormat('D', TimestampDigits));
        return message;
    }

    private (byte[] Bytes, int TimestampOffset) Template(string type, int size)
    {
        var placeholder = new string('0', TimestampDigits);
        var head = type == "candidate"
            ? $"{{\"type\":\"candidate\",\"to\":\"{PartnerId}\",\"candidate\":{{\"t\":\"{placeholder}\",\"candidate\":\""
            : $"{{\"type\":\"{type}\",\"to\":\"{PartnerId}\",\"t\":\"{placeholder}\",\"sdp\":\"";
        var tail = type == "candidate" ? "\"}}" : "\"}";
        var text = head + new string('a', Math.Max(0, size - head.Length - tail.Length)) + tail;
        return (Encoding.UTF8.GetBytes(text), head.IndexOf(placeholder, StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            _socket.Abort();
        }
        await _loops.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => _socket.Abort(), TaskScheduler.Default);
        _socket.Dispose();
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync())
            {
                await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[128 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                Handle(buffer.AsSpan(0, length));
            }
        }
        catch (WebSocketException)
        {
        }
    }

    private void Handle(ReadOnlySpan<byte> message)
    {
        var marker = message.IndexOf(TimestampMarker);
        if (marker >= 0 && Utf8Parser.TryParse(message[(marker + TimestampMarker.Length)..], out long sentAt, out _))
        {
            OnRelayed?.Invoke(this, Stopwatch.GetTimestamp() - sentAt);
            return;
        }
        using var document = JsonDocument.Parse(message.ToArray());
        var root = document.RootElement;
        switch (root.GetProperty("type").GetString())
        {
            case "welcome":
                _welcome.TrySetResult(root.Clone());
                break;
            case "peer-joined":
                _partnerJoined.TrySetResult(root.GetProperty("peerId").GetString()!);
                break;
            case "ping":
                Send("""{"type":"pong"}"""u8.ToArray());
                break;
            case "error":
                Console.Error.WriteLine($"server error: {root}");
                break;
        }
    }
}
