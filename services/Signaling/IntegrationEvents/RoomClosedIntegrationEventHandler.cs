using Hiroba.Contracts.Rooms;
using Hiroba.EventBus.Abstractions;
using Hiroba.Signaling.Ayame;
using Hiroba.Signaling.Calls;
using Hiroba.Signaling.Connections;
using Hiroba.Signaling.RoomDirectory;

namespace Hiroba.Signaling.IntegrationEvents;

/// <summary>Nobody may join a closed room again, and everyone in it is sent away.</summary>
public sealed class RoomClosedIntegrationEventHandler(KnownRooms knownRooms, LiveRooms<CallRoom> callRooms, LiveRooms<AyameRoom> ayameRooms)
    : IIntegrationEventHandler<RoomClosedIntegrationEvent>
{
    public Task HandleAsync(RoomClosedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        knownRooms.Closed(@event.RoomId);
        callRooms.CloseRoom(@event.RoomId);
        ayameRooms.CloseRoom(@event.RoomId);
        return Task.CompletedTask;
    }
}
