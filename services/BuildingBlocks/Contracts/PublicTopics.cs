using Hiroba.Contracts.Feed;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts;

/// <summary>
/// The topics browsers may read on the gateway's <c>/mqtt</c>, which the gateway reads on the broker's public listener
/// (no sign-in on either: so nothing meant for signed-in users only, such as camera status); no anonymous client may write
/// anything. The app host's broker ACL is generated from this list, and the compose ACL file is tested
/// against it.
/// </summary>
public static class PublicTopics
{
    public static IReadOnlyList<string> All { get; } =
    [
        Topics.Of<PostPublishedIntegrationEvent>(),
        Topics.Of<PostDeletedIntegrationEvent>(),
    ];
}
