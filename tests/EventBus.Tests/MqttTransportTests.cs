using System.Text.Json;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.TestSupport;
using Microsoft.Extensions.Logging;

namespace Hiroba.EventBus.Tests;

public sealed class MqttTransportTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Two_services_exchange_an_event_through_the_broker()
    {
        await using var publisher = await StartAppAsync("alpha", subscribe: _ => { });
        await using var subscriber = await StartAppAsync("beta");
        var sent = new ThingHappened("teapot", 2);

        await publisher.Bus.PublishAsync(sent, CancellationToken.None);

        var received = await subscriber.Handled.NextAsync<ThingHappened>(Wait);
        Assert.Equal(sent, received);
        Assert.Equal(sent.Id, received.Id);
        Assert.Equal(sent.OccurredAt, received.OccurredAt);
    }

    [Fact]
    public async Task Envelope_on_the_broker_is_a_cloud_event_shaped_like_daprs()
    {
        await using var recorder = await TopicRecorder.StartAsync(broker, "test.thing-happened");
        await using var publisher = await StartAppAsync("gamma", subscribe: _ => { });
        var sent = new ThingHappened("clock", 12);

        await publisher.Bus.PublishAsync(sent, CancellationToken.None);

        var message = await recorder.NextAsync(Wait);
        using var envelope = JsonDocument.Parse(message.Payload);
        var root = envelope.RootElement;
        Assert.Equal(
            ["data", "datacontenttype", "id", "pubsubname", "source", "specversion", "time", "topic", "type"],
            root.EnumerateObject().Select(member => member.Name).Order());
        Assert.Equal(("gamma", "test.thing-happened", "pubsub"), (root.GetProperty("source").GetString(), root.GetProperty("topic").GetString(), root.GetProperty("pubsubname").GetString()));
        Assert.Equal(sent.Id.ToString(), root.GetProperty("id").GetString());
        Assert.Equal(12, root.GetProperty("data").GetProperty("count").GetInt32());
    }

    /// <summary>
    /// A publish given up by its caller (a service stopping, a request aborted) must not leave half a packet on the
    /// connection: the broker would read the next packet's first bytes as the rest of this one's payload and deliver
    /// garbage to every subscriber.
    /// </summary>
    [Fact]
    public async Task Publishes_their_callers_give_up_on_never_put_a_broken_message_on_the_broker()
    {
        await using var recorder = await TopicRecorder.StartAsync(broker, "test.thing-happened");
        await using var publisher = await StartAppAsync("omicron", subscribe: _ => { });
        // Enough at once, round after round, to keep the socket's buffer full, so that writes wait and the give-up
        // lands inside them.
        var padding = new string('x', 25_000);
        for (var round = 0; round < 10; round++)
        {
            using var givingUp = new CancellationTokenSource();
            var publishing = Enumerable.Range(0, 200)
                .Select(i => publisher.Bus.PublishAsync(new ThingHappened(padding, i), givingUp.Token))
                .ToList();
            givingUp.CancelAfter(TimeSpan.FromMilliseconds(round % 5));
            foreach (var publish in publishing)
            {
                try
                {
                    await publish;
                }
                catch (Exception exception) when (exception is OperationCanceledException or EventBusPublishException)
                {
                    // Given up, as asked: it may or may not have reached the broker.
                }
            }
        }

        // Every message that arrives must be whole. The broker may drop some for the slow subscriber (it queues 4 MiB
        // for it), so markers go out until one comes through after the flood.
        var markers = new HashSet<string>();
        var received = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no marker came through after {received} messages");
            var marker = new ThingHappened("marker", markers.Count);
            markers.Add(marker.Id.ToString());
            try
            {
                await publisher.Bus.PublishAsync(marker, CancellationToken.None);
            }
            catch (EventBusPublishException)
            {
                // Behind the whole flood on the connection, its acknowledgement may come late; the next one goes out.
            }
            if (await ReadWholeMessagesUntilMarkerAsync(recorder, markers, () => received++))
            {
                break;
            }
        }
        Assert.True(received > markers.Count, "some of the given-up publishes reached the broker whole, or the test shows nothing");
    }

    /// <returns>True once a marker arrived; false when nothing came for a while (the marker may have been dropped).</returns>
    private static async Task<bool> ReadWholeMessagesUntilMarkerAsync(TopicRecorder recorder, HashSet<string> markers, Func<int> count)
    {
        while (true)
        {
            ReceivedMessage message;
            try
            {
                message = await recorder.NextAsync(TimeSpan.FromSeconds(1));
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            var number = count();
            Assert.True(CloudEventSerializer.TryParse(message.Payload.Span, out var envelope, out var error), $"message {number}: {error}");
            if (markers.Contains(envelope.Id))
            {
                return true;
            }
        }
    }

    [Fact]
    public async Task Failing_handler_ends_in_the_dead_letter_topic_after_bounded_retries()
    {
        await using var deadLetters = await TopicRecorder.StartAsync(broker, "test.thing-broke.dead-letter");
        await using var app = await StartAppAsync("delta");
        var broken = new ThingBroke("fuse");

        await app.Bus.PublishAsync(broken, CancellationToken.None);

        var deadLetter = await deadLetters.NextAsync(Wait);
        using var envelope = JsonDocument.Parse(deadLetter.Payload);
        Assert.Equal(broken.Id.ToString(), envelope.RootElement.GetProperty("id").GetString());
        Assert.Equal(3, app.Handled.BrokenAttempts);
    }

    [Fact]
    public async Task A_repeated_event_id_runs_the_handler_once()
    {
        await using var publisher = await StartAppAsync("epsilon", subscribe: _ => { });
        await using var subscriber = await StartAppAsync("zeta");
        var repeated = new ThingHappened("echo", 1);
        var marker = new ThingHappened("after", 2);

        await publisher.Bus.PublishAsync(repeated, CancellationToken.None);
        await publisher.Bus.PublishAsync(repeated, CancellationToken.None);
        await publisher.Bus.PublishAsync(marker, CancellationToken.None);

        // One topic is delivered in order, so once the marker is in, any repeat would have been too.
        Assert.Equal(repeated, await subscriber.Handled.NextAsync<ThingHappened>(Wait));
        Assert.Equal(marker, await subscriber.Handled.NextAsync<ThingHappened>(Wait));
        Assert.Equal(0, subscriber.Handled.CountSoFar);
    }

    [Fact]
    public async Task An_event_published_on_mqtt_reaches_a_service_under_dapr_unchanged_and_back()
    {
        await using var mqttService = await StartAppAsync("eta");
        await using var daprService = await DaprService.StartAsync(broker, "theta");
        var toDapr = new ThingHappened("bridge", 5);
        var toMqtt = new ThingHappened("return", 6);

        await mqttService.Bus.PublishAsync(toDapr, CancellationToken.None);
        Assert.Equal(toDapr, await daprService.App.Handled.NextAsync<ThingHappened>(Wait));
        await daprService.App.Bus.PublishAsync(toMqtt, CancellationToken.None);

        // Each service also gets its own event back; the other's is what crossed.
        var heardByMqtt = new[] { await mqttService.Handled.NextAsync<ThingHappened>(Wait), await mqttService.Handled.NextAsync<ThingHappened>(Wait) };
        Assert.Contains(toMqtt, heardByMqtt);
        Assert.Equal("SUCCESS", (await daprService.Sidecar.NextDeliveryAsync(Wait)).Status);
    }

    [Fact]
    public async Task An_event_above_the_size_limit_is_refused_and_the_service_stays_connected()
    {
        await using var publisher = await StartAppAsync("nu", subscribe: _ => { });
        await using var subscriber = await StartAppAsync("xi");
        var tooLarge = new ThingHappened(new string('x', EventBusLimits.MaxEventBytes), 1);
        var next = new ThingHappened("after-the-refused-one", 2);

        var error = await Assert.ThrowsAsync<EventBusPublishException>(() => publisher.Bus.PublishAsync(tooLarge, CancellationToken.None));
        await publisher.Bus.PublishAsync(next, CancellationToken.None);

        Assert.Contains($"above the limit of {EventBusLimits.MaxEventBytes} bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(next, await subscriber.Handled.NextAsync<ThingHappened>(Wait));
    }

    private Task<TestApp> StartAppAsync(string appId, Action<IEventBusBuilder>? subscribe = null) =>
        StartMqttAppAsync(broker, appId, subscribe);

    internal static async Task<TestApp> StartMqttAppAsync(
        MosquittoFixture broker, string appId, Action<IEventBusBuilder>? subscribe = null, string? clientId = null,
        IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var app = await TestApp.StartAsync(MqttSettings(broker, appId, clientId, settings), subscribe, logs: logs);
        await Eventually.TrueAsync(app.IsReadyAsync, $"{appId} is connected and subscribed");
        return app;
    }

    /// <summary>The settings of a service on <paramref name="broker"/>; <paramref name="settings"/> adds or overrides some.</summary>
    internal static Dictionary<string, string?> MqttSettings(
        MosquittoFixture broker, string appId, string? clientId = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["EventBus:Transport"] = "Mqtt",
            ["EventBus:AppId"] = appId,
            ["EventBus:Mqtt:ClientId"] = clientId ?? $"{appId}-{Guid.NewGuid():N}",
            ["EventBus:Mqtt:Host"] = broker.Host,
            ["EventBus:Mqtt:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EventBus:Mqtt:Username"] = broker.ServiceUsername,
            ["EventBus:Mqtt:Password"] = broker.ServicePassword,
            ["EventBus:FirstRetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}
