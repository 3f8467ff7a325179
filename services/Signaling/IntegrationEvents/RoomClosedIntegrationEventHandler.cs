using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.Signaling.RoomDirectory;

namespace Hiroba.Signaling.IntegrationEvents;

/// <summary>Nobody may join a closed room again, and everyone in it is sent away.</summary>
public sealed class RoomClosedIntegrationEventHandler(RoomAnnouncements announcements) : IIntegrationEventHandler<RoomClosedIntegrationEvent>
{
    public Task HandleAsync(RoomClosedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        announcements.Closed(@event.RoomId);
        return Task.CompletedTask;
    }
}
