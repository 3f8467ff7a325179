using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Feed;

/// <summary>A post was published. Browsers read it from <c>/mqtt</c>; <see cref="PostId"/> sorts by publication order.</summary>
[Topic("feed.post-published")]
public sealed record PostPublishedIntegrationEvent(string PostId, string Title, string Body, DateTimeOffset PublishedAt)
    : IntegrationEvent;
