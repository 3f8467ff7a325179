using Hiroba.TestSupport;

namespace Hiroba.EventBus.Tests;

/// <summary>
/// What the MQTT transport's session promises, against the real broker: an event survives a crash before its
/// acknowledgement, keepalive holds an idle connection, a refused connection says why, and the events waiting for the
/// handlers are bounded.
/// </summary>
public sealed class MqttSessionTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_event_whose_handler_was_interrupted_by_a_crash_is_delivered_again_after_the_restart()
    {
        var clientId = $"omicron-{Guid.NewGuid():N}";
        await using var publisher = await MqttTransportTests.StartMqttAppAsync(broker, "pi", subscribe: _ => { });
        var crashing = await MqttTransportTests.StartMqttAppAsync(
            broker, "omicron", bus => bus.AddSubscription<ThingHappened, StallingThingHappenedHandler>(), clientId);
        var sent = new ThingHappened("interrupted", 1);

        await publisher.Bus.PublishAsync(sent, CancellationToken.None);
        await crashing.Handled.Stalled.WaitAsync(Wait);
        await crashing.CrashAsync();
        await crashing.DisposeAsync();

        Assert.Equal(0, crashing.Handled.CountSoFar);
        await using var restarted = await MqttTransportTests.StartMqttAppAsync(broker, "omicron", clientId: clientId);
        Assert.Equal(sent, await restarted.Handled.NextAsync<ThingHappened>(Wait));
    }

    [Fact]
    public async Task An_idle_service_keeps_its_connection_with_keepalive()
    {
        var logs = new LogRecorder();
        await using var publisher = await MqttTransportTests.StartMqttAppAsync(broker, "sigma", subscribe: _ => { });
        await using var idle = await MqttTransportTests.StartMqttAppAsync(
            broker, "rho", settings: new Dictionary<string, string?> { ["EventBus:Mqtt:KeepAlive"] = "00:00:01" }, logs: logs);

        // mosquitto ends a connection that sends nothing for 1.5 keepalive periods; the service would then reconnect.
        await Task.Delay(TimeSpan.FromSeconds(4));

        Assert.Single(logs.Entries, entry => entry.Message.StartsWith("Event bus connected", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, entry => entry.Message.StartsWith("Event bus lost its connection", StringComparison.Ordinal));
        var sent = new ThingHappened("after-idling", 2);
        await publisher.Bus.PublishAsync(sent, CancellationToken.None);
        Assert.Equal(sent, await idle.Handled.NextAsync<ThingHappened>(Wait));
    }

    [Fact]
    public async Task A_connection_the_broker_refuses_leaves_the_service_unready_and_logs_the_brokers_reason()
    {
        var logs = new LogRecorder();
        await using var refused = await TestApp.StartAsync(
            MqttTransportTests.MqttSettings(broker, "tau", settings: new Dictionary<string, string?> { ["EventBus:Mqtt:Password"] = "not-the-password" }),
            TestApp.SubscribeToAll,
            logs: logs);

        await Eventually.TrueAsync(
            () => Task.FromResult(logs.Contains("the broker refused the connection: NotAuthorized")),
            $"the refusal is logged with the broker's reason (logged: {string.Join(" | ", logs.Entries)})");
        Assert.False(await refused.IsReadyAsync());
    }

    [Fact]
    public async Task Events_beyond_the_pending_bytes_end_the_connection_and_all_arrive_once_in_order_after_reconnecting()
    {
        const int events = 30;
        var logs = new LogRecorder();
        await using var publisher = await MqttTransportTests.StartMqttAppAsync(broker, "upsilon", subscribe: _ => { });
        await using var subscriber = await MqttTransportTests.StartMqttAppAsync(
            broker, "phi", settings: new Dictionary<string, string?> { ["EventBus:Mqtt:MaxPendingBytes"] = EventBusLimits.MaxPacketBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) }, logs: logs);
        subscriber.Handled.Hold();

        // 30 events of 8 KB: the broker sends 20 at once (max_inflight_messages), 160 KB for the 64 KB the service takes.
        var name = new string('x', 8 * 1024);
        for (var i = 0; i < events; i++)
        {
            await publisher.Bus.PublishAsync(new ThingHappened(name, i), CancellationToken.None);
        }

        await Eventually.TrueAsync(() => Task.FromResult(logs.Contains("bytes of events waiting for the handlers")), "the service drops the connection");
        subscriber.Handled.Release();

        var handled = new List<int>();
        for (var i = 0; i < events; i++)
        {
            handled.Add((await subscriber.Handled.NextAsync<ThingHappened>(Wait)).Count);
        }

        // A redelivered event would show up twice in the sequence, before the last one.
        Assert.Equal(Enumerable.Range(0, events), handled);
    }
}
