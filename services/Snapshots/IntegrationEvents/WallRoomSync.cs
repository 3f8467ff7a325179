using Hiroba.Contracts.Rooms;
using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.Publishing;

namespace Hiroba.Snapshots.IntegrationEvents;

/// <summary>
/// Asks Rooms for every open room when this process starts (<c>snapshots.room-sync-requested</c>): a workshop opened
/// while it was away reaches its wall even when its broker session started clean, so it can take the workshop over
/// from another process (docs/scaling.md).
/// </summary>
public sealed class WallRoomSync(IIntegrationEventPublisher events, TimeProvider timeProvider, ILogger<WallRoomSync> logger)
    : RoomSyncRequester(events, timeProvider, logger)
{
    protected override IntegrationEvent CreateRequest() => new SnapshotsRoomSyncRequestedIntegrationEvent(InstanceId);
}
