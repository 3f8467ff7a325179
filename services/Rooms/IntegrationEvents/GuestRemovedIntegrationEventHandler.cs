using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus.Abstractions;
using Hiroba.Rooms.Data;

namespace Hiroba.Rooms.IntegrationEvents;

public sealed class GuestRemovedIntegrationEventHandler(IScreenActivityRepository activity)
    : IIntegrationEventHandler<GuestRemovedIntegrationEvent>
{
    public Task HandleAsync(GuestRemovedIntegrationEvent @event, CancellationToken cancellationToken) =>
        activity.RemoveAsync(@event, cancellationToken);
}
