using Hiroba.Launcher;

namespace Hiroba.LocalComponents.Tests.Launcher;

public class RestartBackoffTests
{
    [Fact]
    public void Delays_double_from_one_second_up_to_the_cap()
    {
        var backoff = new RestartBackoff();

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.NextDelay(TimeSpan.Zero).TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void A_component_that_stayed_up_a_while_starts_again_from_the_first_delay()
    {
        var backoff = new RestartBackoff();
        for (var i = 0; i < 5; i++)
        {
            backoff.NextDelay(TimeSpan.Zero);
        }

        Assert.Equal(RestartBackoff.First, backoff.NextDelay(RestartBackoff.StableUptime));
    }
}
