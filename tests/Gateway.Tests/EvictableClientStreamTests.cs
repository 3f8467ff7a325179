using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Hiroba.Gateway.Proxy.MqttLimits;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// How an evicted page's stream closes, over a real loopback connection: the browser's side reads exactly what the
/// gateway sent it. (With the whole gateway and mosquitto: <see cref="MqttConnectionLimitTests"/>.)
/// </summary>
public sealed class EvictableClientStreamTests : IAsyncLifetime
{
    private const int TryAgainLater = 1013;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TcpClient _browser = new();
    private readonly CancellationTokenSource _eviction = new();
    private TcpClient _gatewaySide = null!;

    public async Task InitializeAsync()
    {
        _listener.Start();
        await _browser.ConnectAsync((IPEndPoint)_listener.LocalEndpoint);
        _gatewaySide = await _listener.AcceptTcpClientAsync();
    }

    public Task DisposeAsync()
    {
        _gatewaySide.Dispose();
        _browser.Dispose();
        _listener.Dispose();
        _eviction.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_idle_page_gets_the_close_frame_at_once_and_reads_end()
    {
        await using var stream = new EvictableClientStream(_gatewaySide.GetStream(), _eviction.Token);
        var pendingRead = stream.ReadAsync(new byte[16]).AsTask();

        await _eviction.CancelAsync();

        await Assert.ThrowsAsync<IOException>(() => pendingRead);
        AssertCloseFrame(await ReceiveAsync(CloseFrameLength));
    }

    [Fact]
    public async Task A_page_evicted_in_the_middle_of_a_frame_gets_that_frame_whole_then_the_close_frame_and_nothing_after()
    {
        await using var stream = new EvictableClientStream(_gatewaySide.GetStream(), _eviction.Token);
        var pendingRead = stream.ReadAsync(new byte[16]).AsTask();
        var first = Frame(200, fill: 1);
        await stream.WriteAsync(first.AsMemory(0, 50));

        await _eviction.CancelAsync();
        // A PINGREQ the page sends now reaches no one: the read waits for the close frame, then fails.
        await _browser.GetStream().WriteAsync(new byte[] { 0x82, 0x82, 1, 2, 3, 4, 0xC1, 0x02 });
        Assert.False(pendingRead.IsCompleted, "the read waits for the close frame");
        await stream.WriteAsync((byte[])[.. first[50..], .. Frame(10, fill: 2)]);
        await stream.WriteAsync(Frame(10, fill: 3));

        await Assert.ThrowsAsync<IOException>(() => pendingRead);
        var received = await ReceiveAsync(first.Length + CloseFrameLength);
        Assert.Equal(first, received[..first.Length]);
        AssertCloseFrame(received[first.Length..]);
        _gatewaySide.Dispose();
        Assert.Equal(0, await _browser.GetStream().ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task A_page_evicted_before_its_upgrade_is_closed_as_soon_as_the_stream_exists()
    {
        await _eviction.CancelAsync();

        await using var stream = new EvictableClientStream(_gatewaySide.GetStream(), _eviction.Token);

        await Assert.ThrowsAsync<IOException>(() => stream.ReadAsync(new byte[16]).AsTask());
        AssertCloseFrame(await ReceiveAsync(CloseFrameLength));
    }

    private static int CloseFrameLength => 4 + Encoding.UTF8.GetByteCount("room made for another address");

    private static void AssertCloseFrame(byte[] frame)
    {
        Assert.Equal(0x88, frame[0]);
        Assert.Equal(frame.Length - 2, frame[1]);
        Assert.Equal(TryAgainLater, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(2)));
    }

    private async Task<byte[]> ReceiveAsync(int length)
    {
        var received = new byte[length];
        using var timeout = new CancellationTokenSource(RawMqttWebSocket.Timeout);
        await _browser.GetStream().ReadExactlyAsync(received, timeout.Token);
        return received;
    }

    /// <summary>A binary frame as a server sends it (unmasked), its payload all <paramref name="fill"/>.</summary>
    private static byte[] Frame(int payloadLength, byte fill) =>
        payloadLength < 126
            ? [0x82, (byte)payloadLength, .. Enumerable.Repeat(fill, payloadLength)]
            : [0x82, 126, (byte)(payloadLength >> 8), (byte)payloadLength, .. Enumerable.Repeat(fill, payloadLength)];
}
