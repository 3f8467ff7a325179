using Hiroba.Contracts.Snapshots;
using Hiroba.EventBus.Abstractions;
using Hiroba.Rooms.Data;

namespace Hiroba.Rooms.IntegrationEvents;

public sealed class SnapshotIngestedIntegrationEventHandler(IScreenActivityRepository activity)
    : IIntegrationEventHandler<SnapshotIngestedIntegrationEvent>
{
    public Task HandleAsync(SnapshotIngestedIntegrationEvent @event, CancellationToken cancellationToken) =>
        activity.RecordAsync(@event, cancellationToken);
}
