using Hiroba.Snapshots.Wall;
using Microsoft.Extensions.Options;

namespace Hiroba.Snapshots.Tests;

/// <summary>Event ids of the host streams: a stream resumes only at the process that numbered its last event.</summary>
public sealed class WallEventIdTests
{
    private static readonly IOptions<SnapshotsOptions> Defaults = Options.Create(new SnapshotsOptions());

    [Fact]
    public void An_event_id_resumes_at_its_own_process_and_never_at_another_one_even_one_started_at_the_same_moment()
    {
        var here = new WallRegistry(Defaults).GetOrAdd("ws-1").Events;
        var there = new WallRegistry(Defaults).GetOrAdd("ws-1").Events;
        var seen = here.Append("snapshot", "{}"u8.ToArray());
        here.Append("snapshot", "{}"u8.ToArray());
        there.Append("snapshot", "{}"u8.ToArray());
        there.Append("snapshot", "{}"u8.ToArray());

        List<WallEvent> missed = [];
        Assert.True(here.TryGetAfter(seen.Item.EventId, missed));
        Assert.Single(missed);
        Assert.False(there.TryGetAfter(seen.Item.EventId, []));
    }
}
