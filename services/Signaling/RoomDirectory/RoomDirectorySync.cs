using Hiroba.Contracts.Rooms;
using Hiroba.Contracts.Signaling;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.Publishing;

namespace Hiroba.Signaling.RoomDirectory;

/// <summary>
/// Asks Rooms for every open room when this instance starts (<c>signaling.room-sync-requested</c>) until the answer's
/// marker (<c>rooms.room-sync-completed</c>) completes <see cref="KnownRooms"/>; joins to unknown rooms are refused
/// meanwhile.
/// </summary>
public sealed class RoomDirectorySync(IIntegrationEventPublisher events, TimeProvider timeProvider, ILogger<RoomDirectorySync> logger)
    : RoomSyncRequester(events, timeProvider, logger)
{
    protected override IntegrationEvent CreateRequest() => new RoomSyncRequestedIntegrationEvent(InstanceId);
}
