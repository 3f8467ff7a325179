using Hiroba.TestSupport;

namespace Hiroba.EventBus.Tests;

/// <summary>Each test here stops something, so each gets its own broker.</summary>
public sealed class MqttOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly MosquittoFixture _broker = new();

    public Task InitializeAsync() => _broker.StartAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_broker).DisposeAsync();

    [Fact]
    public async Task Services_become_unready_while_the_broker_is_down_and_exchange_events_again_after_it_returns()
    {
        await using var publisher = await MqttTransportTests.StartMqttAppAsync(_broker, "iota", subscribe: _ => { });
        await using var subscriber = await MqttTransportTests.StartMqttAppAsync(_broker, "kappa");

        await _broker.StopAsync();
        await Eventually.TrueAsync(async () => !await subscriber.IsReadyAsync(), "the subscriber reports not ready");
        await _broker.StartAsync();
        await Eventually.TrueAsync(subscriber.IsReadyAsync, "the subscriber is ready again");
        await Eventually.TrueAsync(publisher.IsReadyAsync, "the publisher is ready again");

        var sent = new ThingHappened("after-outage", 1);
        await publisher.Bus.PublishAsync(sent, CancellationToken.None);
        Assert.Equal(sent, await subscriber.Handled.NextAsync<ThingHappened>(Wait));
    }

    [Fact]
    public async Task Events_published_while_a_subscriber_restarts_reach_it_when_it_is_back()
    {
        const string clientId = "lambda-fixed-client";
        await using var publisher = await MqttTransportTests.StartMqttAppAsync(_broker, "mu", subscribe: _ => { });
        var first = await MqttTransportTests.StartMqttAppAsync(_broker, "lambda", clientId: clientId);
        await first.DisposeAsync();

        var sent = new ThingHappened("while-away", 9);
        await publisher.Bus.PublishAsync(sent, CancellationToken.None);

        await using var back = await MqttTransportTests.StartMqttAppAsync(_broker, "lambda", clientId: clientId);
        Assert.Equal(sent, await back.Handled.NextAsync<ThingHappened>(Wait));
    }
}
