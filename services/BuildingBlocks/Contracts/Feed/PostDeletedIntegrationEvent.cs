using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Feed;

/// <summary>An admin deleted a post; open feed pages remove it.</summary>
[Topic("feed.post-deleted")]
public sealed record PostDeletedIntegrationEvent(string PostId) : IntegrationEvent;
