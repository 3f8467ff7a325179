using System.Net;
using System.Net.Sockets;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests;

public class FreePortsTests
{
    [Fact]
    public void A_free_tcp_port_can_be_listened_on_and_no_outgoing_connection_can_take_it_first()
    {
        var port = FreePorts.Tcp();
        using var listener = new TcpListener(IPAddress.Loopback, port);

        listener.Start();
        Assert.InRange(port, 1024, EphemeralRangeStart() - 1);
    }

    [Fact]
    public void A_tcp_and_udp_port_can_be_bound_for_both()
    {
        var port = FreePorts.TcpAndUdp();
        using var listener = new TcpListener(IPAddress.Loopback, port);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));

        listener.Start();
    }

    [Fact]
    public void A_relay_range_is_consecutive_and_below_the_ephemeral_range()
    {
        var range = FreePorts.RelayRange(20);

        Assert.Equal(19, range.Max - range.Min);
        Assert.InRange(range.Max, 1024, EphemeralRangeStart() - 1);
    }

    [Fact]
    public void No_port_is_handed_out_twice_even_before_anything_binds_it()
    {
        // 2,000 picks among ~10,000 ports: without the process-wide record, a repeat is all but certain.
        var ports = Enumerable.Range(0, 2000).Select(_ => FreePorts.Tcp()).ToList();
        var ranges = Enumerable.Range(0, 20).Select(_ => FreePorts.RelayRange(100)).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        var relayPorts = ranges.SelectMany(range => range).ToList();
        Assert.Equal(relayPorts.Count, relayPorts.Distinct().Count());
    }

    [Fact]
    public async Task A_port_handed_out_here_stays_claimed_against_other_processes_until_this_one_exits()
    {
        var port = FreePorts.Tcp();
        var claim = Path.Combine(FreePorts.ClaimsFolder, $"{port}");

        // util-linux's flock takes the same lock another process's FreePorts would; -n gives up at once.
        var other = await CommandLineTool.RunAsync("flock", ["-n", claim, "true"], TimeSpan.FromSeconds(10));
        var unclaimed = await CommandLineTool.RunAsync("flock", ["-n", claim + "-not-handed-out", "true"], TimeSpan.FromSeconds(10));

        Assert.Equal(1, other.ExitCode);
        Assert.Equal(0, unclaimed.ExitCode);
        File.Delete(claim + "-not-handed-out");
    }

    private static int EphemeralRangeStart() => int.Parse(
        File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
