using Hiroba.TestSupport;

namespace Hiroba.EventBus.Tests;

/// <summary>
/// A service's MQTT session against pages on the broker's public listener (issue 11, finding 2): client ids are one
/// namespace across the broker's listeners, and the names of the services' sessions (their app ids) are no secret.
/// </summary>
public sealed class ServiceSessionTests : IAsyncLifetime
{
    private const string AppId = "snapshots";
    private const int Attempts = 5;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly MosquittoFixture _broker = new();

    public Task InitializeAsync() => _broker.StartAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_broker).DisposeAsync();

    [Fact]
    public async Task A_page_that_connects_with_a_services_session_name_and_no_clean_session_cannot_cut_the_service_off()
    {
        await using var publisher = await MqttTransportTests.StartMqttAppAsync(_broker, "rooms", subscribe: _ => { });
        // The session's name is the app id, as ./run and compose leave it.
        await using var service = await MqttTransportTests.StartMqttAppAsync(_broker, AppId, clientId: AppId);

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            // The page stays connected while the event is published: had it taken the service's session, the broker
            // would drop the event, as the public listener's ACL does not let the page read it.
            await using var page = await RawMqttWebSocket.OpenAsync(_broker.PublicListenerUri);
            Assert.Equal(0, await page.SendConnectAsync(AppId, cleanSession: false));
            var sent = new ThingHappened("while-a-page-holds-the-name", attempt);
            await publisher.Bus.PublishAsync(sent, CancellationToken.None);

            Assert.Equal(sent, await service.Handled.NextAsync<ThingHappened>(Wait));
        }
        Assert.DoesNotContain(await _broker.LogLinesAsync(), line => line.Contains("already connected, closing old connection", StringComparison.Ordinal));
    }
}
