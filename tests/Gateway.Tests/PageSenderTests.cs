using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Hiroba.Gateway.LiveEvents;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// One page's sends on a real loopback TCP connection: a page that stops reading can hold only its queue's worth of
/// events; what was accepted arrives whole and in order, then the close frame.
/// </summary>
public sealed class PageSenderTests
{
    private const int MaxQueued = 10;
    private const int PacketBytes = 16 * 1024;

    [Fact]
    public async Task A_page_that_stops_reading_is_refused_past_its_queue_and_later_gets_what_was_accepted_in_order_then_the_close()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient { ReceiveBufferSize = 4096 };
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptSocketAsync();
        accepted.SendBufferSize = 4096;
        using var server = WebSocket.CreateFromStream(new NetworkStream(accepted), new WebSocketCreationOptions { IsServer = true });
        using var page = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false });
        var sender = new PageSender(server, MaxQueued);

        var acceptedPackets = 0;
        while (acceptedPackets < 10_000 && sender.TrySend(Packet(acceptedPackets)))
        {
            acceptedPackets++;
        }
        sender.Close(WebSocketCloseStatus.PolicyViolation, "fell behind");

        // The one in the socket's buffers and the one being sent, then the queue: far fewer than were offered.
        Assert.InRange(acceptedPackets, MaxQueued + 1, 200);
        var buffer = new byte[PacketBytes];
        for (var expected = 0; expected < acceptedPackets; expected++)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await page.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                length += result.Count;
            }
            while (!result.EndOfMessage);
            Assert.Equal((PacketBytes, expected), (length, BinaryPrimitives.ReadInt32BigEndian(buffer)));
        }
        var close = await page.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, page.CloseStatus);
        await sender.Finished.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static byte[] Packet(int sequence)
    {
        var packet = new byte[PacketBytes];
        BinaryPrimitives.WriteInt32BigEndian(packet, sequence);
        return packet;
    }
}
