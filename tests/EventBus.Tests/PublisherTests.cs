using System.Diagnostics.Metrics;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.Publishing;
using Hiroba.EventBus.Publishing.Outbox;
using Hiroba.Resilience;
using Hiroba.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hiroba.EventBus.Tests;

/// <summary>
/// The event publisher's two delivery policies on the real mosquitto. Each test stops the broker or the app, so each
/// gets its own broker, one that keeps sessions across restarts (the recorder's subscription survives the outage).
/// </summary>
public sealed class PublisherTests : IAsyncLifetime
{
    private const string Topic = "test.thing-happened";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly ExponentialBackoff QuickRetry = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500));
    private readonly MosquittoFixture _broker = MosquittoFixture.Persistent();
    private readonly LogRecorder _logs = new();

    public Task InitializeAsync() => _broker.StartAsync();

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_broker).DisposeAsync();
        _logs.Dispose();
    }

    [Fact]
    public async Task Best_effort_retries_until_the_broker_is_back_and_keeps_the_order()
    {
        await using var recorder = await TopicRecorder.StartAsync(_broker, Topic, persistentSession: true);
        await using var app = await StartAsync(new BestEffortDelivery { Capacity = 100, Retry = QuickRetry });
        var publisher = app.Services.GetRequiredService<IIntegrationEventPublisher>();
        await StopBrokerAsync(app);

        var sent = Things(5);
        Assert.All(sent, thing => Assert.True(publisher.Publish(thing)));
        await Eventually.TrueAsync(() => _logs.Contains("trying again"), "the publisher retries while the broker is down");
        await _broker.StartAsync();

        Assert.Equal(Counts(sent), Counts(await recorder.NextDistinctAsync(sent.Count, Wait)));
    }

    [Fact]
    public async Task A_full_queue_turns_the_newest_away_and_logs_and_counts_them()
    {
        await using var recorder = await TopicRecorder.StartAsync(_broker, Topic, persistentSession: true);
        await using var app = await StartAsync(new BestEffortDelivery { Capacity = 2, WhenFull = QueueFullMode.DropNewest, Retry = QuickRetry });
        using var drops = new DropCounter(app.Services.GetRequiredService<IMeterFactory>());
        var publisher = app.Services.GetRequiredService<IIntegrationEventPublisher>();
        await StopBrokerAsync(app);

        var sent = Things(6);
        var accepted = sent.Where(publisher.Publish).ToList();

        // Two wait in the queue, and the publisher may have taken the first off it to retry.
        Assert.InRange(accepted.Count, 2, 3);
        Assert.Equal(sent.Count - accepted.Count, drops.Dropped);
        Assert.True(_logs.Contains("was dropped"), "the drop is logged");
        await _broker.StartAsync();
        Assert.Equal(Counts(accepted), Counts(await recorder.NextDistinctAsync(accepted.Count, Wait)));
    }

    [Fact]
    public async Task A_full_queue_of_stale_events_drops_the_oldest()
    {
        await using var recorder = await TopicRecorder.StartAsync(_broker, Topic, persistentSession: true);
        await using var app = await StartAsync(new BestEffortDelivery { Capacity = 2, WhenFull = QueueFullMode.DropOldest, Retry = QuickRetry });
        using var drops = new DropCounter(app.Services.GetRequiredService<IMeterFactory>());
        var publisher = app.Services.GetRequiredService<IIntegrationEventPublisher>();
        await StopBrokerAsync(app);

        var sent = Things(6);
        Assert.All(sent, thing => Assert.True(publisher.Publish(thing)));

        Assert.InRange(drops.Dropped, 3, 4);
        Assert.True(_logs.Contains("was dropped"), "the drop is logged");
        await _broker.StartAsync();
        var received = Counts(await recorder.NextDistinctAsync(sent.Count - (int)drops.Dropped, Wait));
        // The newest two survive, and with them the one the publisher held for its retry when the queue overflowed:
        // the first if it had taken it off before the queue filled, else an older one it took off meanwhile.
        Assert.Equal([5, 6], received.TakeLast(2));
        Assert.Equal(sent.Count - (int)drops.Dropped, received.Count);
        Assert.All(received.SkipLast(2), held => Assert.InRange(held, 1, 4));
    }

    [Fact]
    public async Task What_is_still_queued_when_the_service_stops_is_published_before_the_transport_stops()
    {
        await using var recorder = await TopicRecorder.StartAsync(_broker, Topic);
        var app = await StartAsync(new BestEffortDelivery { Capacity = 10_000 });
        var publisher = app.Services.GetRequiredService<IIntegrationEventPublisher>();

        var sent = Things(5_000);
        Assert.All(sent, thing => Assert.True(publisher.Publish(thing)));
        await app.DisposeAsync();

        Assert.Equal(Counts(sent), Counts(await recorder.NextDistinctAsync(sent.Count, Wait)));
        Assert.True(_logs.Contains("still queued at the stop"), "the stop came while events were queued");
    }

    [Fact]
    public async Task Through_an_outbox_events_go_out_in_order_once_the_broker_is_back_and_are_then_marked_sent()
    {
        await using var recorder = await TopicRecorder.StartAsync(_broker, Topic, persistentSession: true);
        await using var app = await MqttTransportTests.StartMqttAppAsync(
            _broker, "outbox-app", PublishThroughOutbox,
            settings: new Dictionary<string, string?> { ["Outbox:FirstRetryDelay"] = "00:00:00.050", ["Outbox:MaxRetryDelay"] = "00:00:00.500" },
            logs: _logs);
        var outbox = app.Services.GetRequiredService<ListOutbox>();
        await StopBrokerAsync(app);

        var sent = Things(5);
        var stored = sent.Select(outbox.Add).ToList();
        app.Services.GetRequiredService<OutboxSignal>().Notify();
        await Eventually.TrueAsync(() => _logs.Contains("Outbox events wait for the event bus"), "the relay retries while the broker is down");
        Assert.Equal(0, outbox.SentUpTo);
        await _broker.StartAsync();

        Assert.Equal(Counts(sent), Counts(await recorder.NextDistinctAsync(sent.Count, Wait)));
        await Eventually.TrueAsync(() => outbox.SentUpTo == stored[^1], "the relay marks the events sent");
    }

    private static void PublishThroughOutbox(IEventBusBuilder bus)
    {
        bus.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        bus.PublishThroughOutbox<ListOutbox>();
    }

    private Task<TestApp> StartAsync(BestEffortDelivery policy) =>
        MqttTransportTests.StartMqttAppAsync(_broker, "publisher-app", bus => bus.PublishBestEffort(policy), logs: _logs);

    private async Task StopBrokerAsync(TestApp app)
    {
        await _broker.StopAsync();
        await Eventually.TrueAsync(async () => !await app.IsReadyAsync(), "the app notices the broker is gone");
    }

    private static List<ThingHappened> Things(int count) => [.. Enumerable.Range(1, count).Select(i => new ThingHappened("thing", i))];

    private static List<int> Counts(IEnumerable<ThingHappened> things) => [.. things.Select(thing => thing.Count)];

    private static List<int> Counts(IEnumerable<ReceivedCloudEvent> events) => [.. events.Select(@event => @event.Data.GetProperty("count").GetInt32())];
}
