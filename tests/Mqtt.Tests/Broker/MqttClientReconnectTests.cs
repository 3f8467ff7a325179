using Hiroba.Mqtt.Tests.Support;
using Hiroba.TestSupport;

namespace Hiroba.Mqtt.Tests.Broker;

/// <summary>Restarts its own mosquitto, so it has a broker of its own.</summary>
public sealed class MqttClientReconnectTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>
{
    [Fact]
    public async Task After_a_broker_restart_on_the_same_port_the_client_reconnects_resubscribes_and_receives()
    {
        var topic = $"{BrokerClients.UniquePrefix()}/restart";
        var inbox = new Inbox();
        var logger = new RecordingLogger<MqttClient>();
        await using var subscriber = await BrokerClients.ConnectAsync(broker, inbox.HandleAsync, logger);
        await using var publisher = await BrokerClients.ConnectAsync(broker);
        await subscriber.SubscribeAsync(topic, MqttQos.AtLeastOnce, CancellationToken.None);
        await publisher.PublishAsync(topic, "before"u8.ToArray(), MqttQos.AtLeastOnce);
        await inbox.WaitForAsync(topic, "before");

        await broker.StopAsync();
        await Eventually.TrueAsync(() => !subscriber.IsConnected && !publisher.IsConnected, "both clients noticed the broker is gone");
        var publishedWhileDown = publisher.PublishAsync(topic, "while down"u8.ToArray(), MqttQos.AtLeastOnce);
        await broker.StartAsync();

        await Eventually.TrueAsync(() => subscriber.IsConnected && publisher.IsConnected, "both clients reconnected");
        await publishedWhileDown.WaitAsync(Eventually.DefaultTimeout);
        await publisher.PublishAsync(topic, "after"u8.ToArray(), MqttQos.AtLeastOnce);
        await inbox.WaitForAsync(topic, "after");
        Assert.Contains(logger.Entries, e => e.Message.Contains("lost; reconnecting", StringComparison.Ordinal));
    }
}
