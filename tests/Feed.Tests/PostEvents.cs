using Hiroba.TestSupport;

namespace Hiroba.Feed.Tests;

public static class PostEvents
{
    extension(ReceivedCloudEvent @event)
    {
        /// <summary>The post a feed event is about.</summary>
        public string PostId => @event.Data.GetProperty("postId").GetString()!;
    }
}
