using Hiroba.CameraBridge.Status;

namespace Hiroba.CameraBridge.Tests;

public sealed class ProbeScheduleTests
{
    private static readonly StatusOptions Options = new() { ProbeInterval = TimeSpan.FromSeconds(5), MaxProbeInterval = TimeSpan.FromSeconds(30) };

    [Fact]
    public void A_camera_that_answers_is_probed_every_interval()
    {
        var schedule = new ProbeSchedule(Options);

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(TimeSpan.FromSeconds(5), schedule.Next(reachable: true)));
    }

    [Fact]
    public void After_failures_the_wait_doubles_up_to_the_cap_and_one_answer_brings_it_back()
    {
        var schedule = new ProbeSchedule(Options);

        var waits = Enumerable.Range(0, 7).Select(_ => schedule.Next(reachable: false).TotalSeconds).ToArray();

        Assert.Equal([5, 10, 20, 30, 30, 30, 30], waits);
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.Next(reachable: true));
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.Next(reachable: false));
    }
}
