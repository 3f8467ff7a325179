using System.Text;
using Hiroba.Mqtt.Tests.Support;
using Hiroba.TestSupport;

namespace Hiroba.Mqtt.Tests.Broker;

/// <summary>The client against the real mosquitto in the production layout (authenticated internal listener).</summary>
public sealed class MqttClientBrokerTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>
{
    [Fact]
    public async Task Round_trips_qos0_and_qos1()
    {
        var topic = $"{BrokerClients.UniquePrefix()}/round-trip";
        var inbox = new Inbox();
        await using var subscriber = await BrokerClients.ConnectAsync(broker, inbox.HandleAsync);
        await using var publisher = await BrokerClients.ConnectAsync(broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, CancellationToken.None);

        await publisher.PublishAsync(topic, "zero"u8.ToArray(), MqttQos.AtMostOnce);
        await publisher.PublishAsync(topic, "one"u8.ToArray(), MqttQos.AtLeastOnce);

        await inbox.WaitForAsync(topic, "zero");
        await inbox.WaitForAsync(topic, "one");
        Assert.Equal(MqttQos.AtMostOnce, inbox.Messages.Single(m => m.Payload.Span.SequenceEqual("zero"u8)).Qos);
        Assert.Equal(MqttQos.AtLeastOnce, inbox.Messages.Single(m => m.Payload.Span.SequenceEqual("one"u8)).Qos);
        Assert.True(subscriber.IsConnected);
    }

    [Fact]
    public async Task Wildcard_subscriptions_receive_exactly_the_matching_topics()
    {
        var prefix = BrokerClients.UniquePrefix();
        var singleLevel = new Inbox();
        var multiLevel = new Inbox();
        await using var plus = await BrokerClients.ConnectAsync(broker, singleLevel.HandleAsync);
        await using var hash = await BrokerClients.ConnectAsync(broker, multiLevel.HandleAsync);
        await using var publisher = await BrokerClients.ConnectAsync(broker);
        await plus.SubscribeAsync($"{prefix}/+/temp", MqttQos.AtLeastOnce, CancellationToken.None);
        await hash.SubscribeAsync($"{prefix}/house/#", MqttQos.AtLeastOnce, CancellationToken.None);

        string[] topics = ["kitchen/temp", "house/temp", "house", "house/a/b", "kitchen/x/temp", "kitchen/humidity", "temp"];
        foreach (var topic in topics)
        {
            await publisher.PublishAsync($"{prefix}/{topic}", Encoding.UTF8.GetBytes(topic), MqttQos.AtLeastOnce);
        }

        // Both filters match this last one; once it is in, everything published before it was delivered.
        await publisher.PublishAsync($"{prefix}/house/temp", "end"u8.ToArray(), MqttQos.AtLeastOnce);
        await singleLevel.WaitForAsync($"{prefix}/house/temp", "end");
        await multiLevel.WaitForAsync($"{prefix}/house/temp", "end");

        Assert.Equal(["kitchen/temp", "house/temp"], Received(singleLevel));
        Assert.Equal(["house/temp", "house", "house/a/b"], Received(multiLevel));

        string[] Received(Inbox inbox) =>
            [.. inbox.Messages.Select(m => Encoding.UTF8.GetString(m.Payload.Span)).Where(p => p != "end")];
    }

    [Fact]
    public async Task Ten_thousand_qos1_messages_from_8_concurrent_publishers_arrive_exactly_once()
    {
        const int Publishers = 8;
        const int PerPublisher = 1250;
        var topic = $"{BrokerClients.UniquePrefix()}/load";
        var counter = new DeliveryCounter();
        await using var subscriber = await BrokerClients.ConnectAsync(broker, counter.HandleAsync);
        await using var publisher = await BrokerClients.ConnectAsync(broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < PerPublisher; i++)
            {
                await publisher.PublishAsync(topic, DeliveryCounter.Payload(p * PerPublisher + i), MqttQos.AtLeastOnce);
            }
        })));

        await counter.WaitForAsync(Publishers * PerPublisher);
        await counter.PublishClosingMessageAndWaitAsync(publisher, topic);
        counter.AssertEachArrivedOnce(Publishers * PerPublisher);
    }

    [Fact]
    public async Task Qos0_messages_queued_faster_than_the_socket_takes_them_arrive_once_each()
    {
        const int Messages = 5000;
        var topic = $"{BrokerClients.UniquePrefix()}/qos0-burst";
        var counter = new DeliveryCounter();
        await using var subscriber = await BrokerClients.ConnectAsync(broker, counter.HandleAsync);
        // A one-packet outgoing queue makes nearly every publish wait for the writer.
        await using var publisher = BrokerClients.Create(BrokerClients.Options(broker) with { OutgoingQueueCapacity = 1 });
        await publisher.ConnectAsync(CancellationToken.None);
        await subscriber.SubscribeAsync(topic, MqttQos.AtMostOnce, CancellationToken.None);

        for (var i = 0; i < Messages; i++)
        {
            await publisher.PublishAsync(topic, DeliveryCounter.Payload(i), MqttQos.AtMostOnce);
        }

        await counter.PublishClosingMessageAndWaitAsync(publisher, topic);
        counter.AssertEachArrivedOnce(Messages);
    }

    [Fact]
    public async Task A_handler_can_publish_with_qos1_and_wait_for_the_puback()
    {
        var prefix = BrokerClients.UniquePrefix();
        var forwarded = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        MqttClient? client = null;
        client = BrokerClients.Create(BrokerClients.Options(broker), async (message, cancellationToken) =>
        {
            if (message.Topic.EndsWith("/in", StringComparison.Ordinal))
            {
                await client!.PublishAsync($"{prefix}/out", message.Payload, MqttQos.AtLeastOnce, cancellationToken: cancellationToken);
            }
            else
            {
                forwarded.TrySetResult(Encoding.UTF8.GetString(message.Payload.Span));
            }
        });
        await using (client)
        {
            await client.ConnectAsync(CancellationToken.None);
            await client.SubscribeAsync($"{prefix}/+", MqttQos.AtLeastOnce, CancellationToken.None);

            await client.PublishAsync($"{prefix}/in", "relay me"u8.ToArray(), MqttQos.AtLeastOnce);

            Assert.Equal("relay me", await forwarded.Task.WaitAsync(Eventually.DefaultTimeout));
        }
    }

    [Fact]
    public async Task Unsubscribed_topics_are_no_longer_delivered()
    {
        var prefix = BrokerClients.UniquePrefix();
        var inbox = new Inbox();
        await using var client = await BrokerClients.ConnectAsync(broker, inbox.HandleAsync);
        await client.SubscribeAsync($"{prefix}/a", MqttQos.AtLeastOnce, CancellationToken.None);
        await client.SubscribeAsync($"{prefix}/b", MqttQos.AtLeastOnce, CancellationToken.None);

        await client.UnsubscribeAsync($"{prefix}/a", CancellationToken.None);
        await client.PublishAsync($"{prefix}/a", "dropped"u8.ToArray(), MqttQos.AtLeastOnce);
        await client.PublishAsync($"{prefix}/b", "kept"u8.ToArray(), MqttQos.AtLeastOnce);

        await inbox.WaitForAsync($"{prefix}/b", "kept");
        Assert.DoesNotContain(inbox.Messages, m => m.Topic == $"{prefix}/a");
    }

    [Fact]
    public async Task Retained_messages_reach_later_subscribers_with_the_retain_flag()
    {
        var topic = $"{BrokerClients.UniquePrefix()}/retained";
        await using var publisher = await BrokerClients.ConnectAsync(broker);
        await publisher.PublishAsync(topic, "last value"u8.ToArray(), MqttQos.AtLeastOnce, retain: true);

        var inbox = new Inbox();
        await using var subscriber = await BrokerClients.ConnectAsync(broker, inbox.HandleAsync);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, CancellationToken.None);

        await inbox.WaitForAsync(topic, "last value");
        Assert.True(inbox.Messages.Single().Retain);
        await publisher.PublishAsync(topic, ReadOnlyMemory<byte>.Empty, MqttQos.AtLeastOnce, retain: true);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_connack_code_5()
    {
        var options = BrokerClients.Options(broker) with { Password = "not-the-password" };
        await using var client = BrokerClients.Create(options);

        var exception = await Assert.ThrowsAsync<MqttConnectionRefusedException>(() => client.ConnectAsync(CancellationToken.None));

        Assert.Equal(MqttConnectReturnCode.NotAuthorized, exception.ReturnCode);
        Assert.Contains("NotAuthorized (5)", exception.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Publishing_after_disconnect_is_refused_and_disconnect_is_idempotent()
    {
        var client = await BrokerClients.ConnectAsync(broker);
        await client.DisconnectAsync(CancellationToken.None);
        await client.DisconnectAsync(CancellationToken.None);

        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PublishAsync("x", ReadOnlyMemory<byte>.Empty, MqttQos.AtMostOnce));
        await client.DisposeAsync();
    }
}
