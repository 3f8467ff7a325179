using System.Net.Sockets;
using Hiroba.Mqtt.Tests.Support;
using Hiroba.TestSupport;
using Microsoft.Extensions.Logging;

namespace Hiroba.Mqtt.Tests;

[CollectionDefinition(nameof(ScriptedPeerTests), DisableParallelization = true)]
public sealed class ScriptedPeerCollection;

/// <summary>
/// A raw TCP peer plays a hostile or broken broker. The client must drop such a connection
/// cleanly (logged, no hang, bounded memory) and keep working: it reconnects. Runs alone so that
/// the allocation measurement sees only this test.
/// </summary>
[Collection(nameof(ScriptedPeerTests))]
public sealed class ScriptedPeerTests
{
    public static TheoryData<string, byte[]> MalformedPackets => new()
    {
        { "remaining length over 4 bytes", [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] },
        { "reserved flags on PUBACK", [0x42, 0x02, 0x00, 0x01] },
        { "truncated topic string", [0x30, 0x04, 0x00, 0x09, (byte)'a', (byte)'b'] },
        { "QoS 1 PUBLISH with packet id 0", [0x32, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x00] },
        { "PUBACK with packet id 0", [0x40, 0x02, 0x00, 0x00] },
        { "oversized packet", [0x30, 0xFF, 0xFF, 0x03, 0x00, 0x01, (byte)'t'] },
        { "second CONNACK", [0x20, 0x02, 0x00, 0x00] },
        { "server-only packet type", [0x80, 0x00] },
    };

    [Theory]
    [MemberData(nameof(MalformedPackets))]
    public async Task A_malformed_packet_drops_the_connection_with_a_logged_error_and_the_client_reconnects(string because, byte[] packet)
    {
        using var peer = new ScriptedPeer();
        var logger = new RecordingLogger<MqttClient>();
        var (client, first) = await peer.ConnectClientAsync(logger: logger);
        await using var owned = client;

        await first.SendAsync(packet);

        await first.WaitForCloseAsync();
        var second = await peer.AcceptAsync();
        await second.SendAsync(ScriptedPeer.ConnAckAccepted);
        await Eventually.TrueAsync(() => client.IsConnected, $"the client reconnected after {because}");
        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.IsType<MqttProtocolException>(error.Exception);
    }

    [Fact]
    public async Task A_peer_streaming_a_huge_packet_is_cut_off_without_buffering_it()
    {
        using var peer = new ScriptedPeer();
        var (client, connection) = await peer.ConnectClientAsync();
        await using var owned = client;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        // Announce ~256 MB, then keep streaming junk until the client hangs up.
        await connection.SendAsync(0x30, 0xFF, 0xFF, 0xFF, 0x7F);
        var junk = new byte[64 * 1024];
        long sent = 0;
        var cutOff = false;
        try
        {
            for (; sent < 256L * 1024 * 1024; sent += junk.Length)
            {
                await connection.SendAsync(junk).WaitAsync(Eventually.DefaultTimeout);
            }
        }
        catch (IOException exception) when (exception.InnerException is SocketException)
        {
            cutOff = true;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.True(cutOff, $"The client read {sent} bytes of an oversized packet without closing the connection.");
        Assert.True(allocated < 32 * 1024 * 1024, $"{allocated} bytes were allocated while refusing a 256 MB packet.");
    }

    [Fact]
    public async Task A_malformed_connack_fails_connect_with_a_protocol_error()
    {
        using var peer = new ScriptedPeer();
        await using var client = BrokerClients.Create(peer.ClientOptions());
        var connecting = client.ConnectAsync(CancellationToken.None);
        var connection = await peer.AcceptAsync();

        await connection.SendAsync(0x20, 0x03, 0x00, 0x00, 0x00);

        await Assert.ThrowsAsync<MqttProtocolException>(() => connecting);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_peer_that_never_answers_connect_times_out()
    {
        using var peer = new ScriptedPeer();
        await using var client = BrokerClients.Create(peer.ClientOptions() with { ConnectTimeout = TimeSpan.FromSeconds(1) });
        var connecting = client.ConnectAsync(CancellationToken.None);
        await peer.AcceptAsync();

        var exception = await Assert.ThrowsAsync<MqttException>(() => connecting);

        Assert.Contains("within 1 s", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_peer_gets_pingreq_and_is_declared_dead_after_one_and_a_half_keepalives()
    {
        using var peer = new ScriptedPeer();
        var logger = new RecordingLogger<MqttClient>();
        var (client, silent) = await peer.ConnectClientAsync(peer.ClientOptions() with { KeepAlive = TimeSpan.FromSeconds(1) }, logger: logger);
        await using var owned = client;

        var (pingType, pingBody) = await silent.ReadPacketAsync();
        await silent.WaitForCloseAsync();
        var next = await peer.AcceptAsync();

        Assert.Equal(0xC0, pingType);
        Assert.Empty(pingBody);
        Assert.Contains(logger.Entries, e => e.Exception?.Message.Contains("the connection is dead", StringComparison.Ordinal) == true);
        next.Dispose();
    }

    [Fact]
    public async Task A_stall_of_the_client_itself_asks_the_peer_with_pingreq_before_declaring_it_dead()
    {
        using var peer = new ScriptedPeer();
        var clock = new JumpingTimeProvider();
        var options = peer.ClientOptions() with { KeepAlive = TimeSpan.FromSeconds(1) };
        await using var client = new MqttClient(options, (_, _) => Task.CompletedTask, new RecordingLogger<MqttClient>(), clock);
        var connecting = client.ConnectAsync(CancellationToken.None);
        using var connection = await peer.AcceptAsync();
        await connection.SendAsync(ScriptedPeer.ConnAckAccepted);
        await connecting;

        clock.Jump(TimeSpan.FromSeconds(2));

        var (firstType, _) = await connection.ReadPacketAsync();
        await connection.SendAsync(0xD0, 0x00);
        var (secondType, _) = await connection.ReadPacketAsync();
        Assert.Equal(0xC0, firstType);
        Assert.Equal(0xC0, secondType);
    }

    [Fact]
    public async Task An_unacknowledged_qos1_publish_is_resent_with_dup_after_reconnecting()
    {
        using var peer = new ScriptedPeer();
        var (client, first) = await peer.ConnectClientAsync();
        await using var owned = client;

        var publishing = client.PublishAsync("a/b", "payload"u8.ToArray(), MqttQos.AtLeastOnce);
        var (original, originalBody) = await first.ReadPacketAsync();
        first.Dispose();
        var second = await peer.AcceptAsync();
        await second.SendAsync(ScriptedPeer.ConnAckAccepted);
        var (resent, resentBody) = await second.ReadPacketAsync();
        await second.SendAsync(0x40, 0x02, resentBody[5], resentBody[6]);
        await publishing.WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(0x32, original);
        Assert.Equal(0x3A, resent);
        Assert.Equal(originalBody, resentBody);
    }

    [Fact]
    public async Task The_handler_runs_in_order_and_the_puback_follows_it()
    {
        using var peer = new ScriptedPeer();
        var handled = new List<string>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (client, connection) = await peer.ConnectClientAsync(onMessage: async (message, _) =>
        {
            await release.Task;
            handled.Add(message.Topic);
        });
        await using var owned = client;

        await connection.SendAsync(
            0x32, 0x05, 0x00, 0x01, (byte)'x', 0x00, 0x07,
            0x32, 0x05, 0x00, 0x01, (byte)'y', 0x00, 0x08);
        var firstPubAck = connection.ReadPacketAsync();
        await Task.Delay(200);
        Assert.False(firstPubAck.IsCompleted, "a PUBACK was sent before the handler finished");
        release.SetResult();

        var (firstAck, firstId) = await firstPubAck;
        var (secondAck, secondId) = await connection.ReadPacketAsync();
        Assert.Equal([0x40, 0x40], new[] { firstAck, secondAck });
        Assert.Equal([0x00, 0x07], firstId);
        Assert.Equal([0x00, 0x08], secondId);
        Assert.Equal(["x", "y"], handled);
    }

    [Fact]
    public async Task A_qos1_publish_without_puback_times_out_and_a_cancelled_one_stops_waiting()
    {
        using var peer = new ScriptedPeer();
        var (client, _) = await peer.ConnectClientAsync(peer.ClientOptions() with { AckTimeout = TimeSpan.FromSeconds(1) });
        await using var owned = client;
        using var cancellation = new CancellationTokenSource();

        var timeout = await Assert.ThrowsAsync<MqttAckTimeoutException>(() => client.PublishAsync("a", "x"u8.ToArray(), MqttQos.AtLeastOnce));
        var cancelled = client.PublishAsync("a", "y"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: cancellation.Token);
        await cancellation.CancelAsync();

        Assert.Contains("No acknowledgement of Publish 'a'", timeout.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    [Fact]
    public async Task Publishing_while_never_connected_gives_up_after_the_ack_timeout()
    {
        using var peer = new ScriptedPeer();
        await using var client = BrokerClients.Create(peer.ClientOptions() with { AckTimeout = TimeSpan.FromSeconds(1) });

        var exception = await Assert.ThrowsAsync<MqttAckTimeoutException>(() => client.PublishAsync("a", "x"u8.ToArray(), MqttQos.AtMostOnce));

        Assert.Contains("no connection to the broker", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_fails_the_operations_still_waiting_for_an_acknowledgement()
    {
        using var peer = new ScriptedPeer();
        var (client, connection) = await peer.ConnectClientAsync();
        var publishing = client.PublishAsync("a", "x"u8.ToArray(), MqttQos.AtLeastOnce);
        await connection.ReadPacketAsync();

        await client.DisposeAsync();

        await Assert.ThrowsAsync<MqttConnectionLostException>(() => publishing.WaitAsync(Eventually.DefaultTimeout));
        var (disconnect, _) = await connection.ReadPacketAsync();
        Assert.Equal(0xE0, disconnect);
    }

    [Fact]
    public async Task A_rejected_subscription_throws_and_is_not_restored_after_reconnecting()
    {
        using var peer = new ScriptedPeer();
        var (client, first) = await peer.ConnectClientAsync();
        await using var owned = client;

        var subscribing = client.SubscribeAsync("secret/#", MqttQos.AtLeastOnce, CancellationToken.None);
        var (subscribe, body) = await first.ReadPacketAsync();
        await first.SendAsync(0x90, 0x03, body[0], body[1], 0x80);
        var rejected = await Assert.ThrowsAsync<MqttSubscribeRejectedException>(() => subscribing);

        first.Dispose();
        var second = await peer.AcceptAsync();
        await second.SendAsync(ScriptedPeer.ConnAckAccepted);
        await Eventually.TrueAsync(() => client.IsConnected, "the client reconnected");
        _ = client.PublishAsync("after", ReadOnlyMemory<byte>.Empty, MqttQos.AtMostOnce);
        var (next, _) = await second.ReadPacketAsync();

        Assert.Equal(0x82, subscribe);
        Assert.Equal("secret/#", rejected.TopicFilter);
        Assert.Equal(0x30, next);
    }

    [Fact]
    public async Task A_publish_larger_than_the_maximum_packet_size_is_refused_before_sending()
    {
        using var peer = new ScriptedPeer();
        await using var client = BrokerClients.Create(peer.ClientOptions());

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.PublishAsync("t", new byte[64 * 1024], MqttQos.AtMostOnce));

        Assert.Contains("maximum packet size of 65536", exception.Message, StringComparison.Ordinal);
    }
}
