using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus.Abstractions;
using Hiroba.Snapshots.Wall;

namespace Hiroba.Snapshots.IntegrationEvents;

/// <summary>A guest the host removed at whichever process owned its room stays removed at every process.</summary>
public sealed class GuestRemovedIntegrationEventHandler(WallService wall) : IIntegrationEventHandler<GuestRemovedIntegrationEvent>
{
    public Task HandleAsync(GuestRemovedIntegrationEvent @event, CancellationToken cancellationToken) =>
        wall.ForgetRemovedGuestAsync(@event.RoomId, @event.GuestId);
}
