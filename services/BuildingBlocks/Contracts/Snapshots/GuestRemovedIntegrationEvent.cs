using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Snapshots;

/// <summary>
/// The host took a guest off a workshop's wall for good: its snapshots are deleted and its token refused. A guest id is
/// never used again, so a consumer may forget the guest and ignore any later event about it (one still on its way).
/// </summary>
/// <param name="RemovedAt">When the service removed it.</param>
[Topic("snapshots.guest-removed")]
public sealed record GuestRemovedIntegrationEvent(string RoomId, string GuestId, DateTimeOffset RemovedAt) : IntegrationEvent;
