using Hiroba.TestSupport;

namespace Hiroba.Mqtt.Tests;

public class FreePortTests
{
    [Fact]
    public void Hands_out_a_loopback_port() => Assert.InRange(FreePort.Tcp(), 1024, 65535);
}
