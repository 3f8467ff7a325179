using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Hiroba.Mqtt.Tests.Support;
using Hiroba.TestSupport;

namespace Hiroba.Mqtt.Tests.Broker;

/// <summary>
/// However far the message handler falls behind, the client keeps reading the socket: acknowledgements of its own
/// publishes and subscriptions get through, QoS 0 messages beyond the queue are dropped, and a QoS 1 backlog too big
/// for the queue's bytes comes again after a reconnection instead of stopping the reader.
/// </summary>
public sealed class IncomingFlowControlTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>
{
    private static readonly TimeSpan ShortAckTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_handler_that_publishes_with_qos1_keeps_up_with_a_backlog_larger_than_the_queue()
    {
        const int Messages = 1000;
        var prefix = BrokerClients.UniquePrefix();
        var handled = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentQueue<Exception>();
        MqttClient? relay = null;
        relay = BrokerClients.Create(
            BrokerClients.Options(broker) with { IncomingQueueCapacity = 16, AckTimeout = ShortAckTimeout },
            async (message, cancellationToken) =>
            {
                try
                {
                    // As a service's event handler does: publish and wait for the broker's PUBACK.
                    await relay!.PublishAsync($"{prefix}/out", message.Payload, MqttQos.AtLeastOnce, cancellationToken: cancellationToken);
                }
                catch (MqttAckTimeoutException exception)
                {
                    failures.Enqueue(exception);
                }
                handled.AddOrUpdate(BinaryPrimitives.ReadInt32BigEndian(message.Payload.Span), 1, (_, n) => n + 1);
            });
        await using (relay)
        {
            await relay.ConnectAsync(CancellationToken.None);
            await relay.SubscribeAsync($"{prefix}/in", MqttQos.AtLeastOnce, CancellationToken.None);
            await using var publisher = await BrokerClients.ConnectAsync(broker);

            for (var i = 0; i < Messages; i++)
            {
                await publisher.PublishAsync($"{prefix}/in", DeliveryCounter.Payload(i), MqttQos.AtLeastOnce);
            }

            await Eventually.TrueAsync(() => handled.Count == Messages || !failures.IsEmpty, $"all {Messages} messages were relayed");
            Assert.Empty(failures);
            Assert.Equal(Messages, handled.Count);
        }
    }

    [Fact]
    public async Task Acknowledgements_get_through_while_the_handler_is_stuck_behind_a_full_queue()
    {
        var prefix = BrokerClients.UniquePrefix();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = 0;
        await using var subscriber = BrokerClients.Create(
            BrokerClients.Options(broker) with { IncomingQueueCapacity = 4, AckTimeout = ShortAckTimeout },
            async (_, _) =>
            {
                await release.Task;
                Interlocked.Increment(ref handled);
            });
        await subscriber.ConnectAsync(CancellationToken.None);
        await subscriber.SubscribeAsync($"{prefix}/in", MqttQos.AtLeastOnce, CancellationToken.None);
        await using var publisher = await BrokerClients.ConnectAsync(broker);
        for (var i = 0; i < 100; i++)
        {
            await publisher.PublishAsync($"{prefix}/in", DeliveryCounter.Payload(i), MqttQos.AtLeastOnce);
        }

        // The broker sent its in-flight window (more than the queue holds) before it reads these, so their
        // acknowledgements come behind it on the socket.
        await subscriber.PublishAsync($"{prefix}/own", "puback, please"u8.ToArray(), MqttQos.AtLeastOnce);
        await subscriber.SubscribeAsync($"{prefix}/other", MqttQos.AtLeastOnce, CancellationToken.None);
        await subscriber.UnsubscribeAsync($"{prefix}/other", CancellationToken.None);

        release.SetResult();
        await Eventually.TrueAsync(() => Volatile.Read(ref handled) == 100, "every message was handled once the handler went on");
        Assert.True(subscriber.IsConnected);
    }

    [Fact]
    public async Task Qos0_messages_beyond_the_queue_are_dropped_and_counted_and_acknowledgements_still_arrive()
    {
        const int Messages = 200;
        const int Capacity = 10;
        var prefix = BrokerClients.UniquePrefix();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handledQos0 = 0;
        var logger = new RecordingLogger<MqttClient>();
        var inbox = new Inbox();
        await using var subscriber = BrokerClients.Create(
            BrokerClients.Options(broker) with { IncomingQueueCapacity = Capacity, AckTimeout = ShortAckTimeout },
            async (message, cancellationToken) =>
            {
                await release.Task;
                if (message.Qos == MqttQos.AtMostOnce)
                {
                    Interlocked.Increment(ref handledQos0);
                }
                await inbox.HandleAsync(message, cancellationToken);
            },
            logger);
        await subscriber.ConnectAsync(CancellationToken.None);
        await subscriber.SubscribeAsync($"{prefix}/zero", MqttQos.AtMostOnce, CancellationToken.None);
        await subscriber.SubscribeAsync($"{prefix}/end", MqttQos.AtLeastOnce, CancellationToken.None);
        await using var publisher = await BrokerClients.ConnectAsync(broker);

        for (var i = 0; i < Messages; i++)
        {
            await publisher.PublishAsync($"{prefix}/zero", DeliveryCounter.Payload(i), MqttQos.AtMostOnce);
        }
        // Once this is acknowledged the broker has passed on the whole burst, so the PUBACK of the subscriber's own
        // publish comes behind it on the same socket: it is read only if the reader never waits.
        await publisher.PublishAsync($"{prefix}/sync", "sync"u8.ToArray(), MqttQos.AtLeastOnce);
        await subscriber.PublishAsync($"{prefix}/own", "puback, please"u8.ToArray(), MqttQos.AtLeastOnce);
        await publisher.PublishAsync($"{prefix}/end", "end"u8.ToArray(), MqttQos.AtLeastOnce);
        release.SetResult();
        await inbox.WaitForAsync($"{prefix}/end", "end");

        var dropped = logger.Entries
            .Select(entry => Regex.Match(entry.Message, "^Dropped ([0-9]+) QoS 0 messages in a row"))
            .Where(match => match.Success)
            .Sum(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Contains(logger.Entries, entry => entry.Message.StartsWith("Dropping QoS 0 messages", StringComparison.Ordinal));
        Assert.InRange(handledQos0, 1, Capacity + 1);
        Assert.Equal(Messages - handledQos0, dropped);
    }

    [Fact]
    public async Task A_qos1_backlog_beyond_the_queue_bytes_ends_the_connection_and_arrives_after_reconnecting()
    {
        const int Messages = 20;
        var prefix = BrokerClients.UniquePrefix();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var counter = new DeliveryCounter();
        var logger = new RecordingLogger<MqttClient>();
        // Four 1000-byte messages fit; the broker's window of 20 does not.
        var options = BrokerClients.Options(broker) with { CleanSession = false, MaxPacketSize = 2048, IncomingQueueBytes = 4096 };
        await using var subscriber = BrokerClients.Create(options, async (message, cancellationToken) =>
        {
            await release.Task;
            await counter.HandleAsync(message, cancellationToken);
        }, logger);
        await subscriber.ConnectAsync(CancellationToken.None);
        await subscriber.SubscribeAsync($"{prefix}/in", MqttQos.AtLeastOnce, CancellationToken.None);
        await using var publisher = await BrokerClients.ConnectAsync(broker);

        for (var i = 0; i < Messages; i++)
        {
            await publisher.PublishAsync($"{prefix}/in", DeliveryCounter.Payload(i, size: 1000), MqttQos.AtLeastOnce);
        }
        await Eventually.TrueAsync(
            () => logger.Entries.Any(entry => entry.Exception?.Message.Contains("More than 4096 bytes of QoS 1 messages", StringComparison.Ordinal) == true),
            "the connection ended for the backlog");
        release.SetResult();

        await counter.WaitForAsync(Messages);
        await counter.PublishClosingMessageAndWaitAsync(publisher, $"{prefix}/in");
        counter.AssertEachArrivedAtLeastOnce(Messages);
    }

    [Fact]
    public async Task A_persistent_session_keeps_a_backlog_of_thousands_of_messages_while_its_client_is_away()
    {
        // mosquitto's default max_queued_messages (1000) would silently drop most of these.
        const int Messages = 5000;
        var topic = $"{BrokerClients.UniquePrefix()}/backlog";
        var options = BrokerClients.Options(broker) with { CleanSession = false };
        await using (var away = BrokerClients.Create(options))
        {
            await away.ConnectAsync(CancellationToken.None);
            await away.SubscribeAsync(topic, MqttQos.AtLeastOnce, CancellationToken.None);
        }
        await using var publisher = await BrokerClients.ConnectAsync(broker);
        for (var i = 0; i < Messages; i++)
        {
            await publisher.PublishAsync(topic, DeliveryCounter.Payload(i), MqttQos.AtLeastOnce);
        }

        var counter = new DeliveryCounter();
        await using var back = BrokerClients.Create(options, counter.HandleAsync);
        await back.ConnectAsync(CancellationToken.None);

        await counter.WaitForAsync(Messages);
        await counter.PublishClosingMessageAndWaitAsync(publisher, topic);
        counter.AssertEachArrivedOnce(Messages);
    }
}
