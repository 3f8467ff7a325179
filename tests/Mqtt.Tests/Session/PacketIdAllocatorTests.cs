using Hiroba.Mqtt.Session;

namespace Hiroba.Mqtt.Tests.Session;

public class PacketIdAllocatorTests
{
    [Fact]
    public void Hands_out_every_id_from_1_to_65535_once_and_never_0()
    {
        var allocator = new PacketIdAllocator();
        var seen = new HashSet<ushort>();

        for (var i = 0; i < ushort.MaxValue; i++)
        {
            Assert.True(allocator.TryAllocate(out var id));
            Assert.NotEqual(0, id);
            Assert.True(seen.Add(id));
        }

        Assert.False(allocator.TryAllocate(out _));
    }

    [Fact]
    public void Wraps_around_skipping_ids_still_in_flight()
    {
        var allocator = new PacketIdAllocator();
        for (var i = 0; i < ushort.MaxValue; i++)
        {
            allocator.TryAllocate(out _);
        }

        allocator.Release(3);
        allocator.Release(65535);

        Assert.True(allocator.TryAllocate(out var first));
        Assert.True(allocator.TryAllocate(out var second));
        Assert.Equal(3, first);
        Assert.Equal(65535, second);
        Assert.Equal(ushort.MaxValue, allocator.InUseCount);
    }

    [Fact]
    public void Reuses_a_released_id_as_late_as_possible()
    {
        var allocator = new PacketIdAllocator();
        allocator.TryAllocate(out var first);
        allocator.Release(first);

        allocator.TryAllocate(out var next);

        Assert.Equal(1, first);
        Assert.Equal(2, next);
    }
}
