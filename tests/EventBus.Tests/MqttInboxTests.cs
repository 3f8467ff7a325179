using Hiroba.EventBus.Abstractions;
using Hiroba.TestSupport;
using static Hiroba.EventBus.Tests.MqttTransportTests;

namespace Hiroba.EventBus.Tests;

/// <summary>Events addressed to one process (<see cref="IAddressedIntegrationEvent"/>) on the real broker.</summary>
public sealed class MqttInboxTests(MosquittoFixture broker) : IClassFixture<MosquittoFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task An_addressed_event_reaches_only_the_service_whose_inbox_it_names()
    {
        await using var sender = await StartMqttAppAsync(broker, "inbox-sender", subscribe: _ => { });
        await using var beta = await StartMqttAppAsync(broker, "inbox-beta");
        await using var gamma = await StartMqttAppAsync(broker, "inbox-gamma");
        Assert.NotEqual(beta.Inbox, gamma.Inbox);

        await sender.Bus.PublishAsync(new ThingAddressed("for beta") { Inbox = beta.Inbox }, CancellationToken.None);
        await sender.Bus.PublishAsync(new ThingAddressed("for gamma") { Inbox = gamma.Inbox }, CancellationToken.None);
        await sender.Bus.PublishAsync(new ThingAddressed("for beta again") { Inbox = beta.Inbox }, CancellationToken.None);

        // Each one's events arrive in the order sent, so an event for the other would come before the last one.
        Assert.Equal("for beta", (await beta.Handled.NextAsync<ThingAddressed>(Wait)).Name);
        Assert.Equal("for beta again", (await beta.Handled.NextAsync<ThingAddressed>(Wait)).Name);
        Assert.Equal("for gamma", (await gamma.Handled.NextAsync<ThingAddressed>(Wait)).Name);
        Assert.Equal(0, gamma.Handled.CountSoFar);
    }

    [Fact]
    public async Task An_inbox_is_the_same_after_a_restart_and_keeps_what_came_meanwhile()
    {
        var clientId = $"inbox-delta-{Guid.NewGuid():N}";
        await using var sender = await StartMqttAppAsync(broker, "inbox-sender", subscribe: _ => { });
        var delta = await StartMqttAppAsync(broker, "inbox-delta", clientId: clientId);
        var inbox = delta.Inbox;
        await delta.DisposeAsync();

        await sender.Bus.PublishAsync(new ThingAddressed("while away") { Inbox = inbox }, CancellationToken.None);
        await using var restarted = await StartMqttAppAsync(broker, "inbox-delta", clientId: clientId);

        Assert.Equal(inbox, restarted.Inbox);
        Assert.Equal("while away", (await restarted.Handled.NextAsync<ThingAddressed>(Wait)).Name);
    }

    [Fact]
    public async Task An_addressed_event_without_a_valid_inbox_is_refused_before_the_broker()
    {
        await using var sender = await StartMqttAppAsync(broker, "inbox-sender", subscribe: _ => { });

        foreach (var inbox in new[] { "", "Upper", "a/b", "#", new string('a', 65) })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => sender.Bus.PublishAsync(new ThingAddressed("nowhere") { Inbox = inbox }, CancellationToken.None));
        }
    }
}
